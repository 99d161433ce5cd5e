package net.flydex.server.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import net.flydex.protocol.ErrorCode;
import net.flydex.server.http.ApiException;
import net.flydex.server.security.PasswordHasher;
import net.flydex.server.security.Tokens;
import org.jdbi.v3.core.Jdbi;

/** Creating accounts and checking passwords. */
public final class Accounts {
    public static final int MIN_PASSWORD = 10;
    /** Argon2 hashes any length, but a megabyte password is an attack on CPU, not a password. */
    public static final int MAX_PASSWORD = 1024;
    public static final int MAX_EMAIL = 254;
    /** Every account gets one trial, from sign-up. */
    public static final Duration TRIAL = Duration.ofHours(72);

    private final Jdbi jdbi;
    private final PasswordHasher passwords;
    private final Clock clock;

    public Accounts(Jdbi jdbi, PasswordHasher passwords, Clock clock) {
        this.jdbi = jdbi;
        this.passwords = passwords;
        this.clock = clock;
    }

    public Account signup(String email, String password) {
        String normalized = normalizeEmail(email);
        if (password.length() < MIN_PASSWORD) {
            throw ApiException.badRequest("the password needs at least " + MIN_PASSWORD + " characters");
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        var account = new Account(Tokens.newId("acc"), normalized, now, now.plus(TRIAL));
        String hash = passwords.hash(password);
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO accounts (id, email, password_hash, created_at, trial_ends_at)
                            VALUES (:id, :email, :hash, :created, :trial)""")
                    .bind("id", account.id()).bind("email", normalized).bind("hash", hash)
                    .bind("created", now.toEpochMilli()).bind("trial", account.trialEndsAt().toEpochMilli())
                    .execute());
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException duplicate) {
            if (findByEmail(normalized).isPresent()) {
                throw new ApiException(409, ErrorCode.EMAIL_TAKEN, "an account with this email already exists; sign in instead");
            }
            throw duplicate;
        }
        return account;
    }

    /** The account if the password is right; unknown emails cost the same work as wrong passwords. */
    public Optional<Account> signin(String email, String password) {
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        Optional<String> hash = jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE email = :email")
                .bind("email", normalized).mapTo(String.class).findOne());
        if (hash.isEmpty()) {
            passwords.burn(password);
            return Optional.empty();
        }
        return passwords.verify(password, hash.get()) ? findByEmail(normalized) : Optional.empty();
    }

    public Optional<Account> find(String accountId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, email, created_at, trial_ends_at FROM accounts WHERE id = :id")
                .bind("id", accountId).map((rs, ctx) -> new Account(rs.getString(1), rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)))).findOne());
    }

    private Optional<Account> findByEmail(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM accounts WHERE email = :email")
                .bind("email", email).mapTo(String.class).findOne()).flatMap(this::find);
    }

    private static String normalizeEmail(String email) {
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        int at = normalized.indexOf('@');
        boolean plausible = at > 0 && at == normalized.lastIndexOf('@') && normalized.indexOf('.', at) > at + 1
                && !normalized.endsWith(".") && normalized.length() <= MAX_EMAIL
                && normalized.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (!plausible) {
            throw ApiException.badRequest("that is not an email address");
        }
        return normalized;
    }
}

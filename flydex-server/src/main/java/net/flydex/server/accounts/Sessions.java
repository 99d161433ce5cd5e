package net.flydex.server.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import net.flydex.protocol.ErrorCode;
import net.flydex.server.audit.AuditKind;
import net.flydex.server.audit.AuditLog;
import net.flydex.server.http.ApiException;
import net.flydex.server.security.Tokens;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Sessions live in a 14-day window that each refresh moves forward. Refreshing rotates both
 * secrets; a refresh token presented after it was rotated means a copy exists elsewhere, so the
 * whole session is revoked. Revocation is server-side and immediate; listeners (open WebSockets)
 * are told.
 */
public final class Sessions {
    public static final Duration WINDOW = Duration.ofDays(14);
    /** More live sessions than a person has devices; the account page lists the newest this many. */
    public static final int MAX_LISTED = 100;

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Clock clock;
    private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();

    public Sessions(Jdbi jdbi, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
    }

    /** Called with the session id whenever a session is revoked. */
    public void onRevoked(Consumer<String> listener) {
        revocationListeners.add(listener);
    }

    /** @param device what the account page will call the device ({@link DeviceLabel}) */
    public IssuedSession create(String accountId, String device) {
        return jdbi.inTransaction(h -> create(h, accountId, device));
    }

    /** Creates a session inside the caller's transaction (pairing issues one atomically). */
    public IssuedSession create(Handle h, String accountId, String device) {
        long now = clock.millis();
        var issued = new IssuedSession(Tokens.newId("ses"), accountId, Tokens.newSecret(), Tokens.newSecret(),
                Instant.ofEpochMilli(now).plus(WINDOW));
        h.createUpdate("""
                        INSERT INTO sessions (id, account_id, token_hash, created_at, expires_at, device)
                        VALUES (:id, :account, :token, :now, :expires, :device)""")
                .bind("id", issued.sessionId()).bind("account", accountId).bind("token", Tokens.hash(issued.sessionToken()))
                .bind("device", device)
                .bind("now", now).bind("expires", issued.expiresAt().toEpochMilli()).execute();
        insertRefresh(h, issued.sessionId(), issued.refreshToken(), now);
        return issued;
    }

    public Optional<AuthSession> authenticate(String sessionToken) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, account_id, expires_at FROM sessions
                        WHERE token_hash = :token AND revoked_at IS NULL AND expires_at > :now""")
                .bind("token", Tokens.hash(sessionToken)).bind("now", clock.millis())
                .map((rs, ctx) -> new AuthSession(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .findOne());
    }

    /** Whether the session is live now: a socket opened while its session was being revoked checks again once listening. */
    public boolean isActive(String sessionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE id = :id AND revoked_at IS NULL AND expires_at > :now")
                .bind("id", sessionId).bind("now", clock.millis()).mapTo(Integer.class).one()) > 0;
    }

    /** Rotates both secrets and extends the window; a reused refresh token revokes the session. */
    public IssuedSession refresh(String refreshToken) {
        long now = clock.millis();
        record Found(String sessionId, String accountId, boolean rotated, boolean revoked, boolean expired) {}
        Optional<Found> found = jdbi.withHandle(h -> h.createQuery("""
                        SELECT r.session_id, s.account_id, r.rotated_at, s.revoked_at, s.expires_at
                        FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id WHERE r.token_hash = :hash""")
                .bind("hash", Tokens.hash(refreshToken))
                .map((rs, ctx) -> new Found(rs.getString(1), rs.getString(2), rs.getObject(3) != null,
                        rs.getObject(4) != null, rs.getLong(5) <= now))
                .findOne());
        Found session = found.orElseThrow(ApiException::unauthorized);
        if (session.rotated()) {
            revoke(session.sessionId(), session.accountId(), AuditKind.REFRESH_REUSED);
            throw new ApiException(401, ErrorCode.SESSION_REVOKED, "this session was revoked; sign in again");
        }
        if (session.revoked()) {
            throw new ApiException(401, ErrorCode.SESSION_REVOKED, "this session was revoked; sign in again");
        }
        if (session.expired()) {
            throw new ApiException(401, ErrorCode.SESSION_EXPIRED, "this session has expired; sign in again");
        }
        var issued = new IssuedSession(session.sessionId(), session.accountId(), Tokens.newSecret(), Tokens.newSecret(),
                Instant.ofEpochMilli(now).plus(WINDOW));
        boolean rotated = jdbi.inTransaction(h -> {
            int claimed = h.createUpdate("UPDATE refresh_tokens SET rotated_at = :now WHERE token_hash = :hash AND rotated_at IS NULL")
                    .bind("now", now).bind("hash", Tokens.hash(refreshToken)).execute();
            if (claimed != 1) {
                return false; // A concurrent refresh used it first: this one is the reuse.
            }
            h.createUpdate("UPDATE sessions SET token_hash = :token, expires_at = :expires WHERE id = :id")
                    .bind("token", Tokens.hash(issued.sessionToken())).bind("expires", issued.expiresAt().toEpochMilli())
                    .bind("id", issued.sessionId()).execute();
            insertRefresh(h, issued.sessionId(), issued.refreshToken(), now);
            return true;
        });
        if (!rotated) {
            revoke(session.sessionId(), session.accountId(), AuditKind.REFRESH_REUSED);
            throw new ApiException(401, ErrorCode.SESSION_REVOKED, "this session was revoked; sign in again");
        }
        return issued;
    }

    /** The account's live sessions, newest first. */
    public List<SessionInfo> active(String accountId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, created_at, expires_at, device FROM sessions
                        WHERE account_id = :account AND revoked_at IS NULL AND expires_at > :now
                        ORDER BY created_at DESC, id LIMIT :limit""")
                .bind("account", accountId).bind("now", clock.millis()).bind("limit", MAX_LISTED)
                .map((rs, ctx) -> new SessionInfo(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3)),
                        Optional.ofNullable(rs.getString(4)).orElse(DeviceLabel.UNKNOWN)))
                .list());
    }

    /** Signs out one live session of this account; false when the account has no such session. */
    public boolean revokeOwned(String sessionId, String accountId) {
        boolean owned = jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM sessions
                        WHERE id = :id AND account_id = :account AND revoked_at IS NULL AND expires_at > :now""")
                .bind("id", sessionId).bind("account", accountId).bind("now", clock.millis()).mapTo(Integer.class).one()) > 0;
        if (owned) {
            revoke(sessionId, accountId, AuditKind.SESSION_REVOKED);
        }
        return owned;
    }

    public void revoke(String sessionId, String accountId, AuditKind why) {
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE sessions SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", clock.millis()).bind("id", sessionId).execute());
        if (changed > 0) {
            audit.record(why, AuditLog.Ids.account(accountId).withSession(sessionId));
        }
        revocationListeners.forEach(listener -> listener.accept(sessionId));
    }

    private static void insertRefresh(Handle h, String sessionId, String refreshToken, long now) {
        h.createUpdate("INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (:hash, :session, :now)")
                .bind("hash", Tokens.hash(refreshToken)).bind("session", sessionId).bind("now", now).execute();
    }
}

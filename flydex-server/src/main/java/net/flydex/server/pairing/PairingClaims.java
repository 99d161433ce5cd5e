package net.flydex.server.pairing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.Introduction;
import net.flydex.server.accounts.IssuedSession;
import net.flydex.server.accounts.Sessions;
import net.flydex.server.audit.AuditKind;
import net.flydex.server.audit.AuditLog;
import net.flydex.server.e2e.E2eFields;
import net.flydex.server.http.ApiException;
import net.flydex.server.security.Tokens;
import org.jdbi.v3.core.Jdbi;

/**
 * The life of a pairing claim: created by a desktop, inspected and then approved or denied once
 * by a signed-in phone, polled by the desktop until it receives its session.
 *
 * <p>Every "once" is a conditional UPDATE whose row count decides the winner, so it holds under
 * concurrency on SQLite and PostgreSQL and across nodes. Audit events are written after those
 * transactions commit: SQLite has one writer, and the audit log uses its own connection.
 */
public final class PairingClaims {
    /** A QR stays valid long enough to scan it and sign in on the phone, and no longer (T1, T4). */
    public static final Duration TTL = Duration.ofSeconds(120);
    /** The desktop polls every ~2 s; a minute covers a flaky network, and a poll token that leaks later mints nothing. */
    public static final Duration SESSION_PICKUP = Duration.ofSeconds(60);
    /** Claims are kept a day for support questions, then deleted; the audit log keeps their ids. */
    static final Duration RETENTION = Duration.ofDays(1);

    private static final String COLUMNS = """
            SELECT id, machine_name, platform, requested_from, created_at, expires_at, status, account_id, decided_at,
                   session_issued_at, introduction
            FROM pairing_claims""";

    private final Jdbi jdbi;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Clock clock;

    public PairingClaims(Jdbi jdbi, Sessions sessions, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /** A new pending claim; the names must already have passed {@link MachineLabels}. */
    public IssuedClaim create(String machineName, String platform, String requestedFrom) {
        long now = clock.millis();
        var issued = new IssuedClaim(Tokens.newId("clm"), Tokens.newSecret(), Tokens.newSecret(), Instant.ofEpochMilli(now).plus(TTL));
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM pairing_claims WHERE created_at < :cutoff")
                    .bind("cutoff", now - RETENTION.toMillis()).execute();
            h.createUpdate("""
                            INSERT INTO pairing_claims (id, code_hash, poll_hash, machine_name, platform, requested_from,
                                                        created_at, expires_at, status)
                            VALUES (:id, :code, :poll, :name, :platform, :from, :now, :expires, :status)""")
                    .bind("id", issued.claimId()).bind("code", Tokens.hash(issued.claimCode()))
                    .bind("poll", Tokens.hash(issued.pollToken())).bind("name", machineName).bind("platform", platform)
                    .bind("from", requestedFrom).bind("now", now).bind("expires", issued.expiresAt().toEpochMilli())
                    .bind("status", ClaimStatus.PENDING.wire()).execute();
        });
        audit.record(AuditKind.CLAIM_CREATED, AuditLog.Ids.none().withSubject(issued.claimId()));
        return issued;
    }

    /** The pending claim behind a code, for the phone's consent screen. */
    public PairingClaim inspect(String claimCode, String accountId) {
        PairingClaim claim = byCode(claimCode);
        if (!claim.pendingAt(clock.instant())) {
            throw gone(claim, accountId);
        }
        return claim;
    }

    /**
     * Binds the claim to the account; its desktop's next poll signs in to that account. The
     * phone's introduction, already checked ({@code E2eFields#introduction}), is kept with the
     * claim for the desktop to collect: it is public, and a forged one fails at the helper.
     */
    public void approve(String claimCode, String accountId, Optional<Introduction> introduction) {
        decide(claimCode, accountId, ClaimStatus.APPROVED, AuditKind.CLAIM_APPROVED, introduction);
    }

    public void deny(String claimCode, String accountId) {
        decide(claimCode, accountId, ClaimStatus.DENIED, AuditKind.CLAIM_DENIED, Optional.empty());
    }

    /**
     * The claim's status; the first poll that sees it approved also carries the new session.
     *
     * @param device what the account page will call the polling device ({@code DeviceLabel})
     */
    public ClaimPoll poll(String pollToken, String device) {
        PairingClaim claim = find("poll_hash", pollToken).orElseThrow(ApiException::notFound);
        Instant now = clock.instant();
        ClaimStatus status = statusAt(claim, now);
        Optional<IssuedSession> session = status == ClaimStatus.APPROVED && !claim.sessionIssued()
                ? issueSession(claim, now, device)
                : Optional.empty();
        return new ClaimPoll(status, claim.expiresAt(), session,
                status == ClaimStatus.APPROVED ? claim.introduction() : Optional.empty());
    }

    private void decide(String claimCode, String accountId, ClaimStatus decision, AuditKind event, Optional<Introduction> introduction) {
        PairingClaim claim = byCode(claimCode);
        long now = clock.millis();
        int decided = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE pairing_claims SET status = :decision, account_id = :account, decided_at = :now, introduction = :introduction
                        WHERE id = :id AND status = :pending AND expires_at > :now""")
                .bind("decision", decision.wire()).bind("account", accountId).bind("now", now)
                .bind("introduction", introduction.map(i -> E2eFields.json(i).toString()).orElse(null))
                .bind("id", claim.id()).bind("pending", ClaimStatus.PENDING.wire()).execute());
        if (decided != 1) {
            throw gone(claim, accountId);
        }
        audit.record(event, AuditLog.Ids.account(accountId).withSubject(claim.id()));
    }

    /** Approved claims whose session was never collected lapse too, so a late poll mints nothing. */
    private static ClaimStatus statusAt(PairingClaim claim, Instant now) {
        return switch (claim.status()) {
            case PENDING -> claim.pendingAt(now) ? ClaimStatus.PENDING : ClaimStatus.EXPIRED;
            case APPROVED -> claim.sessionIssued() || now.isBefore(pickupDeadline(claim)) ? ClaimStatus.APPROVED : ClaimStatus.EXPIRED;
            case DENIED, EXPIRED -> claim.status();
        };
    }

    private static Instant pickupDeadline(PairingClaim claim) {
        return claim.decidedAt().orElseThrow(() -> new IllegalStateException("approved claim without a decision time"))
                .plus(SESSION_PICKUP);
    }

    /** Flips the issued flag and creates the session in one transaction: one poll wins, once. */
    private Optional<IssuedSession> issueSession(PairingClaim claim, Instant now, String device) {
        String accountId = claim.accountId().orElseThrow(() -> new IllegalStateException("approved claim without an account"));
        Optional<IssuedSession> session = jdbi.inTransaction(h -> {
            int flipped = h.createUpdate("""
                            UPDATE pairing_claims SET session_issued_at = :now
                            WHERE id = :id AND status = :approved AND session_issued_at IS NULL AND decided_at > :decidedAfter""")
                    .bind("now", now.toEpochMilli()).bind("id", claim.id()).bind("approved", ClaimStatus.APPROVED.wire())
                    .bind("decidedAfter", now.minus(SESSION_PICKUP).toEpochMilli()).execute();
            return flipped == 1 ? Optional.of(sessions.create(h, accountId, device)) : Optional.<IssuedSession>empty();
        });
        session.ifPresent(s -> audit.record(AuditKind.SIGNIN,
                AuditLog.Ids.account(accountId).withSession(s.sessionId()).withSubject(claim.id())));
        return session;
    }

    private PairingClaim byCode(String claimCode) {
        return find("code_hash", claimCode).orElseThrow(ApiException::notFound);
    }

    /** {@code hashColumn} is one of this class's literals, never input. */
    private Optional<PairingClaim> find(String hashColumn, String secret) {
        return jdbi.withHandle(h -> h.createQuery(COLUMNS + " WHERE " + hashColumn + " = :hash")
                .bind("hash", Tokens.hash(secret)).map((rs, ctx) -> claim(rs)).findOne());
    }

    /** Using a decided or expired code is worth an audit entry: a replay, a race, or a slow phone. */
    private ApiException gone(PairingClaim claim, String accountId) {
        audit.record(AuditKind.CLAIM_GONE_USED, AuditLog.Ids.account(accountId).withSubject(claim.id()));
        return new ApiException(410, ErrorCode.CLAIM_GONE, "this pairing code was already used or has expired; show a new QR code");
    }

    private static PairingClaim claim(ResultSet rs) throws SQLException {
        return new PairingClaim(rs.getString("id"), rs.getString("machine_name"), rs.getString("platform"),
                rs.getString("requested_from"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")), ClaimStatus.fromStored(rs.getString("status")),
                Optional.ofNullable(rs.getString("account_id")), optionalMillis(rs, "decided_at"),
                optionalMillis(rs, "session_issued_at").isPresent(), Optional.ofNullable(rs.getString("introduction"))
                        .flatMap(stored -> E2eFields.introduction(WireJson.mapper().readTree(stored))));
    }

    private static Optional<Instant> optionalMillis(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}

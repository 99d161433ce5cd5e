package net.flydex.server.localconnect;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.LocalConnectStatus;
import net.flydex.server.audit.AuditKind;
import net.flydex.server.audit.AuditLog;
import net.flydex.server.http.ApiException;
import net.flydex.server.machines.MachineFields;
import net.flydex.server.machines.Machines;
import net.flydex.server.machines.NewMachine;
import net.flydex.server.security.Tokens;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Local-connect sessions: the desktop browser hands its helper a one-time connect token; the
 * token registers exactly one machine key, then carries the helper's progress reports until the
 * session ends ({@code codex_ready}, a failure, or {@link #LIFETIME}). The browser finalizes once
 * it has matched the machine's key fingerprint; a session not finalized in time fails, and a
 * machine that registered through it for the first time is dropped.
 *
 * <p>Expiry is lazy: a session is settled whenever it is read. Until then its first-time machine is
 * already invisible, because {@link Machines} hides pending machines past their deadline.
 */
public final class LocalConnects {
    /** The contract's life of a session and its token: long enough to install a helper, short for a leaked token. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    /** A failure reason is a sentence for a person; anything longer is a dump that does not belong here. */
    public static final int MAX_DETAIL = 200;

    private static final String SELECT = """
            SELECT id, account_id, status, created_at, expires_at, machine_id, machine_key_fingerprint, finalized_at
            FROM local_connect_sessions WHERE\s""";

    private record Row(String id, String accountId, LocalConnectStatus status, Instant createdAt, Instant expiresAt,
            Optional<String> machineId, Optional<String> fingerprint, Optional<Instant> finalizedAt) {
        boolean finalized() {
            return finalizedAt.isPresent();
        }

        boolean registered() {
            return machineId.isPresent();
        }

        boolean ended(Instant now) {
            return status.endsSession() || !now.isBefore(expiresAt);
        }
    }

    private final Jdbi jdbi;
    private final Machines machines;
    private final AuditLog audit;
    private final Clock clock;

    public LocalConnects(Jdbi jdbi, Machines machines, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.machines = machines;
        this.audit = audit;
        this.clock = clock;
    }

    public StartedLocalConnect start(String accountId) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        var started = new StartedLocalConnect(Tokens.newId("lc"), Tokens.newSecret(), now.plus(LIFETIME), LocalConnectStatus.CREATED);
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO local_connect_sessions (id, account_id, token_hash, created_at, expires_at, status)
                            VALUES (:id, :account, :token, :now, :expires, :status)""")
                    .bind("id", started.id()).bind("account", accountId).bind("token", Tokens.hash(started.connectToken()))
                    .bind("now", now.toEpochMilli()).bind("expires", started.expiresAt().toEpochMilli())
                    .bind("status", started.status().wire()).execute();
            appendHistory(h, started.id(), started.status(), now, Optional.empty());
        });
        return started;
    }

    /** The account's session with its history; another account's reads as not found. */
    public LocalConnectView view(String accountId, String id) {
        Row row = owned(accountId, id);
        List<StatusEntry> history = jdbi.withHandle(h -> h.createQuery(
                        "SELECT status, at, detail FROM local_connect_history WHERE session_id = :id ORDER BY seq")
                .bind("id", id)
                .map((rs, ctx) -> new StatusEntry(status(rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2)),
                        Optional.ofNullable(rs.getString(3))))
                .list());
        return new LocalConnectView(row.id(), row.status(), row.machineId(), row.fingerprint(), row.finalized(), row.createdAt(),
                row.expiresAt(), history);
    }

    /**
     * The browser confirms the machine that registered is its helper: the machine becomes usable
     * and the helper's next report answers {@code finalized: true}. Repeating it changes nothing.
     */
    public LocalConnectStatus finalizeConnect(String accountId, String id) {
        Instant now = clock.instant();
        Row row = owned(accountId, id);
        if (row.finalized()) {
            return row.status();
        }
        if (row.ended(now)) {
            throw conflict("this local connect has ended; start a new one");
        }
        String machineId = row.machineId().orElseThrow(() -> conflict("no machine has registered through this local connect yet"));
        jdbi.useTransaction(h -> {
            int finalized = h.createUpdate("""
                            UPDATE local_connect_sessions SET finalized_at = :now
                            WHERE id = :id AND finalized_at IS NULL AND status = :seen AND expires_at > :now""")
                    .bind("now", now.toEpochMilli()).bind("id", id).bind("seen", row.status().wire()).execute();
            if (finalized != 1) {
                throw conflict("the local connect changed meanwhile; try again");
            }
            machines.confirm(h, machineId);
        });
        return row.status();
    }

    /** Registers the helper's key with the connect token's one use; answers the machine id. */
    public String register(String connectToken, NewMachine machine) {
        Instant now = clock.instant();
        Row row = live(find("token_hash = :token", Map.of("token", Tokens.hash(connectToken))), now);
        if (row.registered()) {
            throw conflict("this connect token has already registered a machine");
        }
        String machineId = jdbi.inTransaction(h -> {
            String id = machines.bindKey(h, row.accountId(), machine, row.id(), row.expiresAt());
            // The claim: of concurrent registers with one token, only the first finds machine_id empty.
            int claimed = h.createUpdate("""
                            UPDATE local_connect_sessions SET machine_id = :machine, machine_key_fingerprint = :fingerprint,
                                status = :registered
                            WHERE id = :id AND machine_id IS NULL AND status IN (:created, :connecting) AND expires_at > :now""")
                    .bind("machine", id).bind("fingerprint", machine.key().fingerprint())
                    .bind("registered", LocalConnectStatus.REGISTERED.wire()).bind("id", row.id())
                    .bind("created", LocalConnectStatus.CREATED.wire()).bind("connecting", LocalConnectStatus.CONNECTING.wire())
                    .bind("now", now.toEpochMilli()).execute();
            if (claimed != 1) {
                throw conflict("this connect token has already registered a machine");
            }
            appendHistory(h, row.id(), LocalConnectStatus.REGISTERED, now, Optional.empty());
            return id;
        });
        audit.record(AuditKind.MACHINE_REGISTERED, AuditLog.Ids.account(row.accountId()).withMachine(machineId).withSubject(row.id()));
        return machineId;
    }

    /**
     * Records the helper's progress (see {@link StatusRules}); answers whether the browser has
     * finalized, which is the helper's signal to start Codex. A failure before the finalize drops
     * the machine if it registered here for the first time.
     */
    public boolean report(String id, String connectToken, LocalConnectStatus reported, Optional<String> detail) {
        Instant now = clock.instant();
        Row row = live(find("id = :id AND token_hash = :token", Map.of("id", id, "token", Tokens.hash(connectToken))), now);
        if (!StatusRules.advances(row.status(), row.registered(), row.finalized(), reported)) {
            return row.finalized();
        }
        jdbi.useTransaction(h -> {
            int changed = h.createUpdate("""
                            UPDATE local_connect_sessions SET status = :next
                            WHERE id = :id AND status = :seen AND expires_at > :now""")
                    .bind("next", reported.wire()).bind("id", id).bind("seen", row.status().wire())
                    .bind("now", now.toEpochMilli()).execute();
            if (changed != 1) {
                throw conflict("the local connect changed meanwhile; report again");
            }
            appendHistory(h, id, reported, now, detail.flatMap(LocalConnects::cleanDetail));
            if (reported.isFailure() && !row.finalized()) {
                row.machineId().ifPresent(machineId -> machines.dropPending(h, machineId, id));
            }
        });
        return row.finalized();
    }

    private Row owned(String accountId, String id) {
        return find("id = :id AND account_id = :account", Map.of("id", id, "account", accountId)).orElseThrow(ApiException::notFound);
    }

    /** The session a connect token may still act on: 401 when the token is unknown or its session has ended. */
    private static Row live(Optional<Row> row, Instant now) {
        return row.filter(r -> !r.ended(now)).orElseThrow(LocalConnects::tokenRefused);
    }

    /** One answer for a missing, unknown, used-up or expired token: which one is nobody's business. */
    static ApiException tokenRefused() {
        return new ApiException(401, ErrorCode.UNAUTHORIZED, "this connect token is not valid (unknown, or its local connect has ended)");
    }

    /** Loads a session and settles a lazy expiry first, so every reader sees the same state. */
    private Optional<Row> find(String condition, Map<String, ?> params) {
        return jdbi.inTransaction(h -> load(h, condition, params).map(row -> settle(h, row)));
    }

    private Row settle(Handle h, Row row) {
        Instant now = clock.instant();
        if (row.finalized() || row.status().endsSession() || now.isBefore(row.expiresAt())) {
            return row;
        }
        int expired = h.createUpdate("UPDATE local_connect_sessions SET status = :expired WHERE id = :id AND status = :seen AND finalized_at IS NULL")
                .bind("expired", LocalConnectStatus.EXPIRED.wire()).bind("id", row.id()).bind("seen", row.status().wire()).execute();
        if (expired == 1) {
            appendHistory(h, row.id(), LocalConnectStatus.EXPIRED, row.expiresAt(), Optional.empty());
            row.machineId().ifPresent(machineId -> machines.dropPending(h, machineId, row.id()));
        }
        return load(h, "id = :id", Map.of("id", row.id())).orElseThrow();
    }

    private static Optional<Row> load(Handle h, String condition, Map<String, ?> params) {
        return h.createQuery(SELECT + condition).bindMap(params).map((rs, ctx) -> row(rs)).findOne();
    }

    /** Every history insert follows an update of the session row, which serializes writers of one session. */
    private static void appendHistory(Handle h, String id, LocalConnectStatus status, Instant at, Optional<String> detail) {
        h.createUpdate("""
                        INSERT INTO local_connect_history (session_id, seq, status, at, detail)
                        SELECT :id, COALESCE(MAX(seq), 0) + 1, :status, :at, :detail FROM local_connect_history WHERE session_id = :id""")
                .bind("id", id).bind("status", status.wire()).bind("at", at.toEpochMilli()).bind("detail", detail.orElse(null))
                .execute();
    }

    /** Drops control, format and bidi characters (they forge log lines and disguise text); blank means none. */
    private static Optional<String> cleanDetail(String detail) {
        var kept = new StringBuilder();
        detail.codePoints().filter(MachineFields::isDisplaySafe).forEach(kept::appendCodePoint);
        return Optional.of(kept.toString().strip()).filter(text -> !text.isEmpty());
    }

    private static Row row(ResultSet rs) throws SQLException {
        long finalized = rs.getLong(8);
        Optional<Instant> finalizedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finalized));
        return new Row(rs.getString(1), rs.getString(2), status(rs.getString(3)), Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5)), Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)),
                finalizedAt);
    }

    private static LocalConnectStatus status(String wire) {
        return LocalConnectStatus.fromWire(wire).orElseThrow(() -> new IllegalStateException("unknown stored status " + wire));
    }

    private static ApiException conflict(String message) {
        return new ApiException(409, ErrorCode.CONFLICT, message);
    }
}

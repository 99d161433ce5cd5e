package net.flydex.server.machines;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.ErrorCode;
import net.flydex.server.http.ApiException;
import net.flydex.server.security.Tokens;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The machine registry. A machine is an Ed25519 key bound to one account for good. A key seen for
 * the first time is pending until its local connect is finalized: pending machines are absent
 * from every owner-facing query and refused on {@code /ws/agent}, and from their session's
 * deadline on they are gone, even before anything deletes the row. Every query for an owner is
 * scoped by account, so another account's machine reads as not found.
 */
public final class Machines {
    /** A machine its owner sees and may use: finalized and not revoked. */
    private static final String ACTIVE = "revoked_at IS NULL AND pending_session IS NULL";
    private static final String COLUMNS =
            "id, name, platform, helper_version, key_fingerprint, created_at, last_seen_at, codex_status, e2e_key";

    private final Jdbi jdbi;
    private final MachinePresence connections;
    private final Clock clock;
    private final List<Consumer<String>> revokedListeners = new CopyOnWriteArrayList<>();

    public Machines(Jdbi jdbi, MachinePresence connections, Clock clock) {
        this.jdbi = jdbi;
        this.connections = connections;
        this.clock = clock;
    }

    /**
     * Binds a registering helper's key to {@code accountId}, inside the caller's transaction: a new
     * key becomes a machine pending on {@code sessionId} until {@code pendingUntil}; the key of a
     * live machine of this account answers that machine (platform and version refreshed, the name
     * kept, since the owner may have renamed it). The key of another account's live machine: 409.
     */
    public String bindKey(Handle h, String accountId, NewMachine machine, String sessionId, Instant pendingUntil) {
        long now = clock.millis();
        // A pending machine past its deadline was dropped: its key is free again.
        h.createUpdate("DELETE FROM machines WHERE public_key = :key AND revoked_at IS NULL AND pending_until <= :now")
                .bind("key", machine.key().base64()).bind("now", now).execute();
        String newId = Tokens.newId("mch");
        h.createUpdate("""
                        INSERT INTO machines (id, account_id, public_key, key_fingerprint, name, platform, helper_version,
                                              created_at, pending_session, pending_until)
                        VALUES (:id, :account, :key, :fingerprint, :name, :platform, :version, :now, :session, :until)
                        ON CONFLICT (public_key) WHERE revoked_at IS NULL DO NOTHING""")
                .bind("id", newId).bind("account", accountId).bind("key", machine.key().base64())
                .bind("fingerprint", machine.key().fingerprint()).bind("name", machine.name())
                .bind("platform", machine.platform()).bind("version", machine.helperVersion()).bind("now", now)
                .bind("session", sessionId).bind("until", pendingUntil.toEpochMilli()).execute();
        record Bound(String id, String accountId) {}
        Bound bound = h.createQuery("SELECT id, account_id FROM machines WHERE public_key = :key AND revoked_at IS NULL")
                .bind("key", machine.key().base64()).map((rs, ctx) -> new Bound(rs.getString(1), rs.getString(2))).one();
        if (!bound.accountId().equals(accountId)) {
            throw new ApiException(409, ErrorCode.CONFLICT, "this machine key belongs to another account");
        }
        if (!bound.id().equals(newId)) {
            // A still-pending machine now waits on this session, whose finalize the browser is about to do.
            h.createUpdate("""
                            UPDATE machines SET platform = :platform, helper_version = :version,
                                pending_session = CASE WHEN pending_session IS NULL THEN NULL ELSE :session END,
                                pending_until = CASE WHEN pending_session IS NULL THEN NULL ELSE :until END
                            WHERE id = :id""")
                    .bind("platform", machine.platform()).bind("version", machine.helperVersion())
                    .bind("session", sessionId).bind("until", pendingUntil.toEpochMilli()).bind("id", bound.id()).execute();
        }
        return bound.id();
    }

    /** The browser confirmed this machine (local connect finalized): it becomes usable. */
    public void confirm(Handle h, String machineId) {
        h.createUpdate("UPDATE machines SET pending_session = NULL, pending_until = NULL WHERE id = :id")
                .bind("id", machineId).execute();
    }

    /** Drops the machine if it is still pending on this session, which ended without a finalize. */
    public void dropPending(Handle h, String machineId, String sessionId) {
        h.createUpdate("DELETE FROM machines WHERE id = :id AND pending_session = :session")
                .bind("id", machineId).bind("session", sessionId).execute();
    }

    public List<Machine> list(String accountId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM machines WHERE account_id = :account AND "
                        + ACTIVE + " ORDER BY created_at, id")
                .bind("account", accountId).map((rs, ctx) -> machine(rs)).list());
    }

    public Machine rename(String accountId, String machineId, String name) {
        String checked = MachineFields.name(name);
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE machines SET name = :name WHERE id = :id AND account_id = :account AND "
                        + ACTIVE)
                .bind("name", checked).bind("id", machineId).bind("account", accountId).execute());
        if (changed == 0) {
            throw ApiException.notFound();
        }
        return find(accountId, machineId).orElseThrow(ApiException::notFound);
    }

    /**
     * Called with a machine's id once its revocation is stored, before its helper is disconnected,
     * so whatever granted access to it ({@code relay.Grants}) looks again before the next use.
     */
    public void onRevoked(Consumer<String> listener) {
        revokedListeners.add(listener);
    }

    /**
     * Revokes the machine for good - its id is refused from now on - and closes its helper's
     * socket at once. The key itself may come back only as a new machine, through a new local connect.
     */
    public void revoke(String accountId, String machineId) {
        if (!markRevoked(accountId, machineId)) {
            throw ApiException.notFound();
        }
        revokedListeners.forEach(listener -> listener.accept(machineId));
        connections.disconnect(machineId, AgentClose.UNAUTHORIZED, "machine revoked");
    }

    /**
     * The machine's own helper asked to be removed ({@code flydex unpair}) on its authenticated
     * socket: revoked as by its owner, and that socket closed with the same code.
     */
    void revokeSelf(String accountId, String machineId) {
        markRevoked(accountId, machineId);
        connections.disconnect(machineId, AgentClose.UNAUTHORIZED, "machine revoked by its helper");
    }

    private boolean markRevoked(String accountId, String machineId) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE machines SET revoked_at = :now WHERE id = :id AND account_id = :account AND "
                        + ACTIVE)
                .bind("now", clock.millis()).bind("id", machineId).bind("account", accountId).execute()) > 0;
    }

    /** What a hello from {@code machineId} is checked against; empty for unknown, revoked or dropped machines. */
    Optional<AgentIdentity> identity(String machineId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, account_id, public_key, pending_session FROM machines
                        WHERE id = :id AND revoked_at IS NULL AND (pending_until IS NULL OR pending_until > :now)""")
                .bind("id", machineId).bind("now", clock.millis())
                .map((rs, ctx) -> new AgentIdentity(rs.getString(1), rs.getString(2), new MachineKey(rs.getString(3)),
                        rs.getObject(4) == null))
                .findOne());
    }

    /** Whether the machine may still connect: checked again after a hello was accepted, to close the race with revoke. */
    boolean isActive(String machineId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM machines WHERE id = :id AND " + ACTIVE)
                .bind("id", machineId).mapTo(Integer.class).one()) > 0;
    }

    /** The helper was heard from now; a hello or status also says its version or Codex state. */
    void seen(String machineId, Optional<String> helperVersion, Optional<CodexStatus> codexStatus) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE machines SET last_seen_at = :now, helper_version = COALESCE(:version, helper_version),
                            codex_status = COALESCE(:status, codex_status)
                        WHERE id = :id""")
                .bind("now", clock.millis()).bind("version", helperVersion.orElse(null))
                .bind("status", codexStatus.map(CodexStatus::wire).orElse(null)).bind("id", machineId).execute());
    }

    /** The helper's end-to-end public key, already checked by the caller; written only when it changed. */
    void helperKey(String machineId, String publicKey) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE machines SET e2e_key = :key WHERE id = :id AND (e2e_key IS NULL OR e2e_key <> :key)")
                .bind("key", publicKey).bind("id", machineId).execute());
    }

    /** The account's machine if it is active (finalized, not revoked); empty for unknown ids and other accounts' machines alike. */
    public Optional<Machine> find(String accountId, String machineId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM machines WHERE id = :id AND account_id = :account AND "
                        + ACTIVE)
                .bind("id", machineId).bind("account", accountId).map((rs, ctx) -> machine(rs)).findOne());
    }

    private static Machine machine(ResultSet rs) throws SQLException {
        long lastSeen = rs.getLong(7);
        Optional<Instant> lastSeenAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastSeen));
        return new Machine(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), lastSeenAt,
                Optional.ofNullable(rs.getString(8)).flatMap(Machines::codexStatus), Optional.ofNullable(rs.getString(9)).orElse(""));
    }

    private static Optional<CodexStatus> codexStatus(String wire) {
        return Arrays.stream(CodexStatus.values()).filter(s -> s.wire().equals(wire)).findFirst();
    }
}

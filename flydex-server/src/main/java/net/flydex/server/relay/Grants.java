package net.flydex.server.relay;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import net.flydex.server.machines.Machines;

/**
 * Whether a browser connection may send rpcs to a machine: the machine is an active one of its
 * account, and the account's access is in force. Resolved from the database once per (connection,
 * machine) and kept on the connection as the instant at which access lapses, so an rpc in the
 * steady state costs a map lookup and a clock read, not three queries.
 *
 * <p>Anything that can take a grant away - a machine revoked, a billing change - calls
 * {@link #revalidate}, which moves the node's epoch on: every grant resolved before it is looked up
 * again on its next use. A lookup racing a revalidation keeps the epoch it started under, so it can
 * never store a stale grant as current. The clock needs no call: a trial or a grace period ending is
 * the stored instant passing. A signed-out session's sockets are closed, taking their grants along.
 */
final class Grants {
    /** Why an rpc may not go to a machine, or that it may. */
    enum Verdict { ALLOWED, NOT_FOUND, ACCESS_EXPIRED }

    /**
     * One resolved (connection, machine) pair.
     *
     * @param epoch the node's epoch when the lookup started; stale once the epoch moved on
     * @param usableUntil when the account's access lapses, {@link Instant#MIN} if it has none
     */
    record Grant(long epoch, Instant usableUntil) {}

    private final Machines machines;
    private final AccessPolicy access;
    private final AtomicLong epoch = new AtomicLong();

    Grants(Machines machines, AccessPolicy access) {
        this.machines = machines;
        this.access = access;
    }

    Verdict check(ClientConnection client, String machineId) {
        long current = epoch.get();
        Grant grant = client.grant(machineId);
        if (grant == null || grant.epoch() != current) {
            if (machines.find(client.accountId(), machineId).isEmpty()) {
                return Verdict.NOT_FOUND; // Not kept: a machine finalized a moment later must be found.
            }
            grant = new Grant(current, access.usableUntil(client.accountId()));
            client.keepGrant(machineId, grant);
        }
        return access.inForce(grant.usableUntil()) ? Verdict.ALLOWED : Verdict.ACCESS_EXPIRED;
    }

    /** Something that grants rest on changed: look every grant up again before its next use. */
    void revalidate() {
        epoch.incrementAndGet();
    }
}

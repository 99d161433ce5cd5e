package net.flydex.server.machines;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import net.flydex.protocol.Limits;
import net.flydex.server.accounts.AuthSession;
import net.flydex.server.accounts.SessionAuth;
import net.flydex.server.audit.AuditKind;
import net.flydex.server.audit.AuditLog;
import net.flydex.server.http.JsonInput;

/**
 * {@code GET /api/machines}, {@code PATCH} and {@code DELETE /api/machines/{id}}: the owner's view
 * of their machines. (Registration is the connect token's business: {@code localconnect}.)
 */
public final class MachineRoutes {
    private final Machines machines;
    private final MachinePresence connections;
    private final SessionAuth auth;
    private final AuditLog audit;

    public MachineRoutes(Machines machines, MachinePresence connections, SessionAuth auth, AuditLog audit) {
        this.machines = machines;
        this.connections = connections;
        this.auth = auth;
        this.audit = audit;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/machines", this::list);
        routes.patch("/api/machines/{id}", this::rename);
        routes.delete("/api/machines/{id}", this::revoke);
    }

    private void list(Context ctx) {
        AuthSession session = auth.require(ctx);
        var views = machines.list(session.accountId()).stream()
                .map(machine -> MachineView.of(machine, connections.online(session.accountId(), machine.id()).isPresent())).toList();
        ctx.json(Map.of("machines", views));
    }

    private void rename(Context ctx) {
        AuthSession session = auth.require(ctx);
        // The body bound applies; MachineFields checks the name's real limits.
        String name = JsonInput.of(ctx).requiredString("name", Limits.MAX_HTTP_BODY_BYTES);
        Machine machine = machines.rename(session.accountId(), ctx.pathParam("id"), name);
        audit.record(AuditKind.MACHINE_RENAMED, ids(session, machine.id()));
        ctx.json(Map.of("machine", MachineView.of(machine, connections.online(session.accountId(), machine.id()).isPresent())));
    }

    private void revoke(Context ctx) {
        AuthSession session = auth.require(ctx);
        String machineId = ctx.pathParam("id");
        machines.revoke(session.accountId(), machineId);
        audit.record(AuditKind.MACHINE_REVOKED, ids(session, machineId));
        ctx.status(204);
    }

    private static AuditLog.Ids ids(AuthSession session, String machineId) {
        return AuditLog.Ids.account(session.accountId()).withSession(session.sessionId()).withMachine(machineId);
    }
}

package net.flydex.server.localconnect;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.Limits;
import net.flydex.protocol.LocalConnectStatus;
import net.flydex.server.accounts.AuthSession;
import net.flydex.server.accounts.SessionAuth;
import net.flydex.server.http.ApiException;
import net.flydex.server.http.JsonInput;
import net.flydex.server.http.OriginGuard;
import net.flydex.server.machines.MachineKey;
import net.flydex.server.machines.NewMachine;
import net.flydex.server.ratelimit.RateLimitGuard;
import net.flydex.server.ratelimit.RateLimiter.Budget;

/**
 * The local-connect routes. The browser's ({@code start}, {@code GET}, {@code finalize}) use its
 * session; the helper's ({@code /api/machines/register}, {@code agent-status}) use the connect
 * token, sent as the body field {@code connectToken} or as {@code Authorization: Bearer <token>}
 * (both allowed; when both are sent they must be the same token).
 */
public final class LocalConnectRoutes {
    /** A person starts a handful; dozens within minutes is a script filling the table. */
    static final Budget START_PER_ACCOUNT = new Budget("local-connect-start", 30, Duration.ofMinutes(10));
    /** A connect token is 22 characters; anything far longer is not one. */
    private static final int MAX_TOKEN = 256;
    /** Base64 of a 32-byte key is 44 characters; the slack allows missing padding and nothing else. */
    private static final int MAX_PUBLIC_KEY = 64;
    /** Longer than any status name. */
    private static final int MAX_STATUS = 64;

    private final LocalConnects localConnects;
    private final SessionAuth auth;
    private final OriginGuard origins;
    private final RateLimitGuard limits;

    public LocalConnectRoutes(LocalConnects localConnects, SessionAuth auth, OriginGuard origins, RateLimitGuard limits) {
        this.localConnects = localConnects;
        this.auth = auth;
        this.origins = origins;
        this.limits = limits;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/local-connect/start", this::start);
        routes.get("/api/local-connect/{id}", this::view);
        routes.post("/api/local-connect/{id}/finalize", this::finalizeConnect);
        routes.post("/api/local-connect/{id}/agent-status", this::agentStatus);
        // Under /api/machines because it creates one, but it is the connect token's first use.
        routes.post("/api/machines/register", this::registerMachine);
    }

    private void start(Context ctx) {
        AuthSession session = auth.require(ctx);
        JsonInput.of(ctx);
        limits.check(ctx, START_PER_ACCOUNT, session.accountId());
        ctx.status(201).json(localConnects.start(session.accountId()));
    }

    private void view(Context ctx) {
        AuthSession session = auth.require(ctx);
        ctx.json(localConnects.view(session.accountId(), ctx.pathParam("id")));
    }

    private void finalizeConnect(Context ctx) {
        AuthSession session = auth.require(ctx);
        JsonInput.of(ctx);
        LocalConnectStatus status = localConnects.finalizeConnect(session.accountId(), ctx.pathParam("id"));
        ctx.json(Map.of("status", status, "finalized", true));
    }

    private void registerMachine(Context ctx) {
        origins.check(ctx, false);
        JsonInput body = JsonInput.of(ctx);
        String token = connectToken(ctx, body);
        // Only the body bound applies here; NewMachine checks each field's real limits.
        var machine = new NewMachine(MachineKey.parse(body.requiredString("publicKey", MAX_PUBLIC_KEY)),
                body.requiredString("name", Limits.MAX_HTTP_BODY_BYTES), body.requiredString("platform", Limits.MAX_HTTP_BODY_BYTES),
                body.requiredString("helperVersion", Limits.MAX_HTTP_BODY_BYTES));
        ctx.json(Map.of("machineId", localConnects.register(token, machine)));
    }

    private void agentStatus(Context ctx) {
        origins.check(ctx, false);
        JsonInput body = JsonInput.of(ctx);
        String token = connectToken(ctx, body);
        LocalConnectStatus status = LocalConnectStatus.fromWire(body.requiredString("status", MAX_STATUS))
                .filter(LocalConnectStatus::reportableByAgent)
                .orElseThrow(() -> ApiException.badRequest("status must be one the helper reports, e.g. awaiting_browser_finalize"));
        Optional<String> detail = body.optionalString("detail", LocalConnects.MAX_DETAIL);
        boolean finalized = localConnects.report(ctx.pathParam("id"), token, status, detail);
        ctx.json(Map.of("finalized", finalized));
    }

    /** The connect token from the body or the bearer header; 401 when absent or when the two differ. */
    private static String connectToken(Context ctx, JsonInput body) {
        Optional<String> fromBody = body.optionalString("connectToken", MAX_TOKEN);
        Optional<String> fromHeader = Optional.ofNullable(ctx.header("Authorization"))
                .filter(header -> header.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(header -> header.substring(7).strip());
        if (fromBody.isPresent() && fromHeader.isPresent() && !fromBody.equals(fromHeader)) {
            throw LocalConnects.tokenRefused();
        }
        return fromBody.or(() -> fromHeader).filter(token -> !token.isEmpty()).orElseThrow(LocalConnects::tokenRefused);
    }
}

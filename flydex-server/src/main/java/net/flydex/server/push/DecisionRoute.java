package net.flydex.server.push;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.flydex.protocol.Decision;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.Limits;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.server.accounts.AuthSession;
import net.flydex.server.accounts.SessionAuth;
import net.flydex.server.e2e.E2eFields;
import net.flydex.server.http.ApiException;
import net.flydex.server.http.JsonInput;
import net.flydex.server.ratelimit.RateLimitGuard;
import net.flydex.server.ratelimit.RateLimiter.Budget;
import net.flydex.server.relay.Relay;
import net.flydex.server.relay.RpcOutcome;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/machines/{machineId}/approvals/{approvalId}/decision}: Approve or Deny from a
 * notification. The service worker cannot hold the relay's socket, so this route carries its
 * decision through the relay (to a helper on any node) and answers what the helper answered.
 *
 * <p>The body is a decision the device sealed for the helper, {@code {deviceId, sealed}}
 * (docs/e2e.md, one-shot decisions), forwarded as {@code e2e/decision}: the server can neither
 * read nor forge it, and the helper checks it came from a trusted device, for this approval,
 * recently. The old clear body {@code {decision, idempotencyKey}} is still forwarded as
 * {@code approval/respond}, which a helper that seals refuses with {@code e2e_required}; its
 * checks stay (only {@code accept} and {@code decline}: approving for the whole session is a
 * choice to make with the card in view, never from a lock screen).
 */
public final class DecisionRoute {
    /** Far above a person tapping notifications; a loop in a worker stops here. */
    static final Budget DECISIONS_PER_ACCOUNT = new Budget("push-decision", 60, Duration.ofMinutes(1));
    /** As the relay's own: the helper answers within Codex's timeout or the relay fails the rpc itself. */
    private static final Duration WAIT = Limits.CODEX_REQUEST_TIMEOUT.plusSeconds(15);
    private static final RpcOutcome NO_ANSWER = new RpcOutcome.Failed(new RpcError(ErrorCode.MACHINE_OFFLINE,
            "the machine did not answer in time"));
    /** Ids FlyDex mints are short base64url; anything else cannot name a machine or approval. */
    private static final String ID = "[A-Za-z0-9_-]{1,64}";
    /** As {@code approval/respond} allows. */
    static final int MAX_IDEMPOTENCY_KEY = 200;
    private static final Set<String> FIELDS = Set.of("decision", "idempotencyKey");
    private static final Set<String> SEALED_FIELDS = Set.of("deviceId", "sealed");
    private static final Set<Decision> FROM_A_NOTIFICATION = Set.of(Decision.ACCEPT, Decision.DECLINE);

    private final Relay relay;
    private final SessionAuth auth;
    private final RateLimitGuard limits;

    public DecisionRoute(Relay relay, SessionAuth auth, RateLimitGuard limits) {
        this.relay = relay;
        this.auth = auth;
        this.limits = limits;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/machines/{machineId}/approvals/{approvalId}/decision", this::decide);
    }

    private void decide(Context ctx) {
        AuthSession session = auth.require(ctx);
        limits.check(ctx, DECISIONS_PER_ACCOUNT, session.accountId());
        String machineId = ctx.pathParam("machineId");
        String approvalId = ctx.pathParam("approvalId");
        if (!machineId.matches(ID) || !approvalId.matches(ID)) {
            throw ApiException.notFound();
        }
        JsonInput input = JsonInput.of(ctx);
        CompletableFuture<RpcOutcome> answered = input.raw().has("sealed") ? sealed(session, machineId, approvalId, input)
                : clear(session, machineId, approvalId, input);
        // The helper's answer comes back through the relay: no thread of the node's pool waits for it,
        // so a slow helper (Codex busy for up to its timeout) holds a request, never a thread.
        ctx.future(() -> answered.copy().completeOnTimeout(NO_ANSWER, WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> NO_ANSWER)
                .thenAccept(outcome -> answer(ctx, outcome)));
    }

    private static void answer(Context ctx, RpcOutcome outcome) {
        switch (outcome) {
            case RpcOutcome.Result result -> {
                ObjectNode answer = WireJson.mapper().createObjectNode().put("status", status(result.result().path("resolvedBy").asString("")));
                answer.setAll((ObjectNode) result.result().deepCopy());
                ctx.json(answer);
            }
            case RpcOutcome.Failed failed -> throw new ApiException(httpStatus(failed.error().code()), failed.error().code(),
                    failed.error().message());
        }
    }

    /** {@code {deviceId, sealed}}: a one-shot decision, passed on unread as {@code e2e/decision}. */
    private CompletableFuture<RpcOutcome> sealed(AuthSession session, String machineId, String approvalId, JsonInput input) {
        SubscriptionInput.onlyFields(input.raw(), SEALED_FIELDS, "");
        String deviceId = input.requiredString("deviceId", E2eFields.DEVICE_ID_CHARS);
        String sealed = input.requiredString("sealed", E2eFields.MAX_ONE_SHOT_DECISION_CHARS);
        if (!E2eFields.deviceId(deviceId)) {
            throw ApiException.badRequest("deviceId must be an end-to-end device id (22 characters of base64url)");
        }
        if (!E2eFields.oneShot(sealed, E2eFields.MAX_ONE_SHOT_DECISION_CHARS)) {
            throw ApiException.badRequest("sealed must be a sealed decision (base64url, at most "
                    + E2eFields.MAX_ONE_SHOT_DECISION_CHARS + " characters)");
        }
        return relay.request(session.accountId(), machineId, SealedFrames.DECISION,
                relayId -> SealedFrames.decision(relayId, deviceId, approvalId, sealed));
    }

    /** {@code {decision, idempotencyKey}}: the clear form, forwarded as {@code approval/respond} (a sealing helper refuses it). */
    private CompletableFuture<RpcOutcome> clear(AuthSession session, String machineId, String approvalId, JsonInput input) {
        SubscriptionInput.onlyFields(input.raw(), FIELDS, "");
        Decision decision = Decision.fromWire(input.requiredString("decision", 32)).filter(FROM_A_NOTIFICATION::contains)
                .orElseThrow(() -> ApiException.badRequest("decision must be accept or decline"));
        String idempotencyKey = input.requiredString("idempotencyKey", MAX_IDEMPOTENCY_KEY);
        if (idempotencyKey.isBlank()) {
            throw ApiException.badRequest("idempotencyKey must not be blank");
        }
        ObjectNode params = WireJson.mapper().createObjectNode().put("approvalId", approvalId).put("decision", decision.wire())
                .put("idempotencyKey", idempotencyKey);
        return relay.request(session.accountId(), machineId, RpcMethods.APPROVAL_RESPOND,
                relayId -> RelayFrames.rpc(relayId, RpcMethods.APPROVAL_RESPOND, params));
    }

    /** What the notification should say, from who resolved the approval ({@code docs/api.md}). */
    static String status(String resolvedBy) {
        return switch (resolvedBy) {
            case "flydex" -> "applied";
            case "desktop" -> "answeredElsewhere";
            case "turn_ended" -> "turnEnded";
            case "codex_exited" -> "codexExited";
            default -> "resolved";
        };
    }

    private static int httpStatus(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> 404;
            // Not 404: every 404 reads as not_found (ErrorResponses), and the worker should tell "gone" from "not yours".
            case UNKNOWN_APPROVAL -> 410;
            case ALREADY_RESOLVED -> 409;
            case ACCESS_EXPIRED -> 402;
            // A clear body a sealing helper refuses, or a sealed one that did not open (stale, forged): the caller's to fix.
            case BAD_REQUEST, E2E_REQUIRED, E2E_REFUSED -> 400;
            // The device is not (or no longer) trusted by the machine: it must be introduced again.
            case DEVICE_UNKNOWN -> 403;
            case RATE_LIMITED -> 429;
            case MACHINE_OFFLINE, RELAY_UNAVAILABLE, CODEX_UNAVAILABLE -> 503;
            default -> 502;
        };
    }
}

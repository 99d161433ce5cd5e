package net.flydex.server.pairing;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.flydex.server.accounts.AuthSession;
import net.flydex.server.accounts.DeviceLabel;
import net.flydex.server.accounts.SessionAuth;
import net.flydex.server.accounts.SessionCookies;
import net.flydex.protocol.e2e.Introduction;
import net.flydex.server.e2e.E2eFields;
import net.flydex.server.http.ApiException;
import net.flydex.server.http.ClientIp;
import net.flydex.server.http.JsonInput;
import net.flydex.server.http.OriginGuard;
import net.flydex.server.ratelimit.RateLimitGuard;
import net.flydex.server.ratelimit.RateLimiter.Budget;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/pairing/claims/*}. The desktop's routes (create, status) take no session but refuse
 * a foreign {@code Origin}: otherwise a hostile page could make a victim's browser collect a
 * session for the attacker's account (login CSRF) and pair the victim's desktop into it.
 */
public final class PairingRoutes {
    /** A desktop page makes one claim per 120 s; thirty a minute allows reloads and a shared NAT, not floods. */
    static final Budget CREATE_PER_IP = new Budget("claim-create-ip", 30, Duration.ofMinutes(1));
    /** Inspect, approve and deny share it: a pairing takes two calls, so this is retries, and guessing stays hopeless. */
    static final Budget CODE_PER_ACCOUNT = new Budget("claim-code-account", 60, Duration.ofMinutes(1));
    /** Four accounts' worth: people behind one NAT pass, one guesser rotating accounts does not. */
    static final Budget CODE_PER_IP = new Budget("claim-code-ip", 240, Duration.ofMinutes(1));
    /** The desktop polls every ~2 s (30 a minute); this leaves room for many desktops behind one NAT. */
    static final Budget STATUS_PER_IP = new Budget("claim-status-ip", 600, Duration.ofMinutes(1));
    /** Codes and poll tokens are 22 characters; anything much longer is not one of ours. */
    private static final int MAX_SECRET = 64;

    private final PairingClaims claims;
    private final SessionAuth auth;
    private final SessionCookies cookies;
    private final OriginGuard origins;
    private final RateLimitGuard limits;
    private final ClientIp clientIp;
    private final String pairUrlPrefix;

    public PairingRoutes(PairingClaims claims, SessionAuth auth, SessionCookies cookies, OriginGuard origins, RateLimitGuard limits,
            ClientIp clientIp, URI publicUrl) {
        this.claims = claims;
        this.auth = auth;
        this.cookies = cookies;
        this.origins = origins;
        this.limits = limits;
        this.clientIp = clientIp;
        this.pairUrlPrefix = publicUrl.toString().replaceAll("/+$", "") + "/pair#";
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/pairing/claims", this::create);
        routes.post("/api/pairing/claims/inspect", this::inspect);
        routes.post("/api/pairing/claims/approve", this::approve);
        routes.post("/api/pairing/claims/deny", this::deny);
        routes.post("/api/pairing/claims/status", this::status);
    }

    private void create(Context ctx) {
        origins.check(ctx, false);
        JsonInput body = JsonInput.of(ctx);
        String machineName = MachineLabels.name(body.requiredString("machineName", MachineLabels.MAX_RAW_NAME));
        String platform = MachineLabels.platform(body.requiredString("platform", MachineLabels.MAX_PLATFORM));
        String requestedFrom = clientIp.of(ctx);
        limits.check(ctx, CREATE_PER_IP, requestedFrom);
        IssuedClaim claim = claims.create(machineName, platform, requestedFrom);
        // The code travels in the fragment, which browsers never send, so it stays out of server logs;
        // the QR comes in this answer for the same reason, never from a URL of its own.
        String pairUrl = pairUrlPrefix + claim.claimCode();
        ctx.status(201).json(Map.of("claimCode", claim.claimCode(), "pollToken", claim.pollToken(),
                "pairUrl", pairUrl, "expiresAt", claim.expiresAt().toString(), "qrSvg", QrSvg.render(pairUrl)));
    }

    private void inspect(Context ctx) {
        AuthSession caller = auth.require(ctx);
        PairingClaim claim = claims.inspect(claimCode(ctx, JsonInput.of(ctx), caller), caller.accountId());
        ctx.json(Map.of("machineName", claim.machineName(), "platform", claim.platform(),
                "createdAt", claim.createdAt().toString(), "expiresAt", claim.expiresAt().toString(),
                "requestedFrom", claim.requestedFrom()));
    }

    private void approve(Context ctx) {
        AuthSession caller = auth.require(ctx);
        JsonInput body = JsonInput.of(ctx);
        String code = claimCode(ctx, body, caller);
        claims.approve(code, caller.accountId(), introduction(body.raw().get("introduction")));
        ctx.json(Map.of("status", ClaimStatus.APPROVED.wire()));
    }

    private void deny(Context ctx) {
        AuthSession caller = auth.require(ctx);
        claims.deny(claimCode(ctx, JsonInput.of(ctx), caller), caller.accountId());
        ctx.json(Map.of("status", ClaimStatus.DENIED.wire()));
    }

    private void status(Context ctx) {
        origins.check(ctx, false);
        JsonInput body = JsonInput.of(ctx);
        String pollToken = body.requiredString("pollToken", MAX_SECRET);
        boolean tokenInBody = body.flag("tokenInBody");
        limits.check(ctx, STATUS_PER_IP, clientIp.of(ctx));
        ClaimPoll poll = claims.poll(pollToken, DeviceLabel.of(Optional.ofNullable(ctx.header("User-Agent"))));
        var answer = new LinkedHashMap<String, Object>();
        answer.put("status", poll.status().wire());
        answer.put("expiresAt", poll.expiresAt().toString());
        poll.introduction().ifPresent(introduction -> answer.put("introduction", E2eFields.json(introduction)));
        poll.session().ifPresent(session -> {
            cookies.set(ctx, session);
            if (tokenInBody) {
                answer.put("sessionToken", session.sessionToken());
                answer.put("refreshToken", session.refreshToken());
            }
        });
        ctx.json(answer);
    }

    /** Optional; when present it must be an introduction in the protocol's shapes, else 400 and nothing is decided. */
    private static Optional<Introduction> introduction(JsonNode field) {
        if (field == null || field.isNull()) {
            return Optional.empty();
        }
        return Optional.of(E2eFields.introduction(field).orElseThrow(() -> ApiException.badRequest(
                "introduction must be {offerId, devicePublicKey, deviceName, proof} in the shapes docs/e2e.md gives")));
    }

    /** The body's claim code, counted against the caller's budgets: someone guessing codes soon gets 429. */
    private String claimCode(Context ctx, JsonInput body, AuthSession caller) {
        String code = body.requiredString("claimCode", MAX_SECRET);
        limits.check(ctx, CODE_PER_ACCOUNT, caller.accountId());
        limits.check(ctx, CODE_PER_IP, clientIp.of(ctx));
        return code;
    }
}

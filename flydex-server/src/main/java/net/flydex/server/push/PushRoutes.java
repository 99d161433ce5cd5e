package net.flydex.server.push;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import net.flydex.server.accounts.AuthSession;
import net.flydex.server.accounts.SessionAuth;
import net.flydex.server.http.ApiException;
import net.flydex.server.http.JsonInput;
import net.flydex.server.ratelimit.RateLimitGuard;
import net.flydex.server.ratelimit.RateLimiter.Budget;

/**
 * {@code GET /api/push/key} and {@code /api/push/subscriptions}: a device turns notifications on
 * (the browser's {@code PushSubscription.toJSON()}, preferences optional), the account page lists
 * and changes them per device, and turns one off.
 */
public final class PushRoutes {
    /** Subscribing is a few calls per device and visit; this bounds what a script can make the server store and check. */
    static final Budget SUBSCRIBE_PER_ACCOUNT = new Budget("push-subscribe", 30, Duration.ofMinutes(10));
    private static final Set<String> PATCH_FIELDS = Set.of("preferences");

    private final PushSubscriptions subscriptions;
    private final VapidKeys keys;
    private final PushEndpoints endpoints;
    private final SessionAuth auth;
    private final RateLimitGuard limits;

    public PushRoutes(PushSubscriptions subscriptions, VapidKeys keys, PushEndpoints endpoints, SessionAuth auth, RateLimitGuard limits) {
        this.subscriptions = subscriptions;
        this.keys = keys;
        this.endpoints = endpoints;
        this.auth = auth;
        this.limits = limits;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/push/key", ctx -> ctx.json(Map.of("publicKey", keys.publicKey())));
        routes.post("/api/push/subscriptions", this::subscribe);
        routes.get("/api/push/subscriptions", this::list);
        routes.patch("/api/push/subscriptions/{id}", this::change);
        routes.delete("/api/push/subscriptions/{id}", this::unsubscribe);
    }

    private void subscribe(Context ctx) {
        AuthSession session = auth.require(ctx);
        limits.check(ctx, SUBSCRIBE_PER_ACCOUNT, session.accountId());
        NewSubscription subscription = SubscriptionInput.read(JsonInput.of(ctx), endpoints);
        PushSubscriptions.Saved saved = subscriptions.save(session, subscription, keys.publicKey());
        ctx.status(saved.created() ? 201 : 200).json(saved.view());
    }

    private void list(Context ctx) {
        AuthSession session = auth.require(ctx);
        ctx.json(Map.of("subscriptions", subscriptions.list(session), "publicKey", keys.publicKey()));
    }

    private void change(Context ctx) {
        AuthSession session = auth.require(ctx);
        JsonInput input = JsonInput.of(ctx);
        SubscriptionInput.onlyFields(input.raw(), PATCH_FIELDS, "");
        if (input.raw().get("preferences") == null) {
            throw ApiException.badRequest("preferences is required");
        }
        ctx.json(subscriptions.updatePreferences(session, ctx.pathParam("id"), input.raw().get("preferences")));
    }

    private void unsubscribe(Context ctx) {
        AuthSession session = auth.require(ctx);
        if (!subscriptions.delete(session.accountId(), ctx.pathParam("id"))) {
            throw ApiException.notFound();
        }
        ctx.status(204);
    }
}

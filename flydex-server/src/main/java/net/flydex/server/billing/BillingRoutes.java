package net.flydex.server.billing;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.ErrorCode;
import net.flydex.server.accounts.Accounts;
import net.flydex.server.accounts.AuthSession;
import net.flydex.server.accounts.SessionAuth;
import net.flydex.server.http.ApiException;
import net.flydex.server.http.JsonInput;
import net.flydex.server.ratelimit.RateLimitGuard;
import net.flydex.server.ratelimit.RateLimiter.Budget;

/** {@code /api/billing/*}. Without Stripe configured every route answers 503 {@code billing_unconfigured}. */
public final class BillingRoutes {
    /** Each call costs a Stripe API request: bounded per account. */
    static final Budget STRIPE_CALLS_PER_ACCOUNT = new Budget("billing-account", 30, Duration.ofHours(1));

    private final Optional<Billing> billing;
    private final Accounts accounts;
    private final SessionAuth auth;
    private final RateLimitGuard limits;

    public BillingRoutes(Optional<Billing> billing, Accounts accounts, SessionAuth auth, RateLimitGuard limits) {
        this.billing = billing;
        this.accounts = accounts;
        this.auth = auth;
        this.limits = limits;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/billing/checkout", this::checkout);
        routes.post("/api/billing/portal", this::portal);
        routes.post("/api/billing/webhook", this::webhook);
    }

    private void checkout(Context ctx) {
        AuthSession session = auth.require(ctx);
        Billing billing = configured();
        limits.check(ctx, STRIPE_CALLS_PER_ACCOUNT, session.accountId());
        var account = accounts.find(session.accountId()).orElseThrow(ApiException::unauthorized);
        ctx.json(Map.of("url", billing.checkout(account)));
    }

    private void portal(Context ctx) {
        AuthSession session = auth.require(ctx);
        Billing billing = configured();
        limits.check(ctx, STRIPE_CALLS_PER_ACCOUNT, session.accountId());
        ctx.json(Map.of("url", billing.portal(session.accountId())));
    }

    /** Stripe calls this: no session and no Origin; the signature over the raw body is the authentication. */
    private void webhook(Context ctx) {
        Billing billing = configured();
        billing.receiveWebhook(JsonInput.boundedBody(ctx), Optional.ofNullable(ctx.header("Stripe-Signature")));
        ctx.json(Map.of("received", true));
    }

    private Billing configured() {
        return billing.orElseThrow(() -> new ApiException(503, ErrorCode.BILLING_UNCONFIGURED, "billing is not configured on this server"));
    }
}

package net.flydex.server.accounts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.ErrorCode;
import net.flydex.server.audit.AuditKind;
import net.flydex.server.audit.AuditLog;
import net.flydex.server.http.ApiException;
import net.flydex.server.http.ClientIp;
import net.flydex.server.http.JsonInput;
import net.flydex.server.http.OriginGuard;
import net.flydex.server.ratelimit.RateLimitGuard;
import net.flydex.server.ratelimit.RateLimiter.Budget;
import net.flydex.server.relay.AccessPolicy;

/** {@code /api/auth/*} and {@code /api/me}. */
public final class AccountRoutes {
    static final Budget SIGNIN_PER_IP = new Budget("signin-ip", 20, Duration.ofMinutes(5));
    static final Budget SIGNIN_PER_EMAIL = new Budget("signin-email", 10, Duration.ofMinutes(15));
    static final Budget SIGNUP_PER_IP = new Budget("signup-ip", 30, Duration.ofHours(1));

    private final Accounts accounts;
    private final Sessions sessions;
    private final SessionAuth auth;
    private final SessionCookies cookies;
    private final OriginGuard origins;
    private final RateLimitGuard limits;
    private final ClientIp clientIp;
    private final AuditLog audit;
    private final AccessPolicy access;

    public AccountRoutes(Accounts accounts, Sessions sessions, SessionAuth auth, SessionCookies cookies, OriginGuard origins,
            RateLimitGuard limits, ClientIp clientIp, AuditLog audit, AccessPolicy access) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.auth = auth;
        this.cookies = cookies;
        this.origins = origins;
        this.limits = limits;
        this.clientIp = clientIp;
        this.audit = audit;
        this.access = access;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/auth/signup", this::signup);
        routes.post("/api/auth/signin", this::signin);
        routes.post("/api/auth/refresh", this::refresh);
        routes.post("/api/auth/signout", this::signout);
        routes.get("/api/me", this::me);
        routes.get("/api/auth/sessions", this::listSessions);
        routes.delete("/api/auth/sessions/{id}", this::signOutSession);
    }

    private void signup(Context ctx) {
        origins.check(ctx, false);
        limits.check(ctx, SIGNUP_PER_IP, clientIp.of(ctx));
        JsonInput body = JsonInput.of(ctx);
        Account account = accounts.signup(body.requiredString("email", Accounts.MAX_EMAIL),
                body.requiredString("password", Accounts.MAX_PASSWORD));
        IssuedSession session = sessions.create(account.id(), device(ctx));
        audit.record(AuditKind.SIGNUP, AuditLog.Ids.account(account.id()).withSession(session.sessionId()));
        signedIn(ctx.status(201), account, session, body.flag("tokenInBody"));
    }

    private void signin(Context ctx) {
        origins.check(ctx, false);
        JsonInput body = JsonInput.of(ctx);
        String email = body.requiredString("email", Accounts.MAX_EMAIL);
        String password = body.requiredString("password", Accounts.MAX_PASSWORD);
        limits.check(ctx, SIGNIN_PER_IP, clientIp.of(ctx));
        limits.check(ctx, SIGNIN_PER_EMAIL, net.flydex.server.security.Tokens.hash(email.strip().toLowerCase(java.util.Locale.ROOT)));
        Account account = accounts.signin(email, password).orElseThrow(() -> {
            audit.record(AuditKind.SIGNIN_FAILED, AuditLog.Ids.none());
            return new ApiException(401, ErrorCode.INVALID_CREDENTIALS, "wrong email or password");
        });
        IssuedSession session = sessions.create(account.id(), device(ctx));
        audit.record(AuditKind.SIGNIN, AuditLog.Ids.account(account.id()).withSession(session.sessionId()));
        signedIn(ctx, account, session, body.flag("tokenInBody"));
    }

    private void refresh(Context ctx) {
        JsonInput body = JsonInput.of(ctx);
        var fromBody = body.optionalString("refreshToken", 256);
        origins.check(ctx, fromBody.isEmpty());
        String refreshToken = fromBody.or(() -> cookies.refreshToken(ctx)).orElseThrow(ApiException::unauthorized);
        IssuedSession session = sessions.refresh(refreshToken);
        cookies.set(ctx, session);
        var answer = new LinkedHashMap<String, Object>();
        answer.put("session", Map.of("id", session.sessionId(), "expiresAt", session.expiresAt().toString()));
        if (body.flag("tokenInBody")) {
            answer.put("sessionToken", session.sessionToken());
            answer.put("refreshToken", session.refreshToken());
        }
        ctx.json(answer);
    }

    private void signout(Context ctx) {
        AuthSession session = auth.require(ctx);
        sessions.revoke(session.sessionId(), session.accountId(), AuditKind.SIGNOUT);
        cookies.clear(ctx);
        ctx.status(204);
    }

    private static String device(Context ctx) {
        return DeviceLabel.of(Optional.ofNullable(ctx.header("User-Agent")));
    }

    private void listSessions(Context ctx) {
        AuthSession caller = auth.require(ctx);
        var listed = sessions.active(caller.accountId()).stream().map(s -> Map.of("id", s.id(), "createdAt", s.createdAt().toString(),
                "expiresAt", s.expiresAt().toString(), "device", s.device(), "current", s.id().equals(caller.sessionId()))).toList();
        ctx.json(Map.of("sessions", listed));
    }

    /** Signs out one of the caller's sessions (another device, or this one); others' ids read as missing. */
    private void signOutSession(Context ctx) {
        AuthSession caller = auth.require(ctx);
        String id = ctx.pathParam("id");
        if (!sessions.revokeOwned(id, caller.accountId())) {
            throw ApiException.notFound();
        }
        if (id.equals(caller.sessionId())) {
            cookies.clear(ctx);
        }
        ctx.status(204);
    }

    private void me(Context ctx) {
        AuthSession session = auth.require(ctx);
        Account account = accounts.find(session.accountId()).orElseThrow(ApiException::unauthorized);
        var now = access.access(account.id()).orElseThrow(ApiException::unauthorized);
        var accessJson = new LinkedHashMap<String, Object>();
        accessJson.put("state", now.state().wire());
        accessJson.put("trialEndsAt", now.trialEndsAt().toString());
        accessJson.put("paidUntil", now.paidUntil().map(Object::toString).orElse(null));
        ctx.json(Map.of("account", accountJson(account),
                "session", Map.of("id", session.sessionId(), "expiresAt", session.expiresAt().toString()),
                "access", accessJson));
    }

    /** Signs the browser in (cookies); CLIs asking {@code tokenInBody} get the secrets too. */
    public void signedIn(Context ctx, Account account, IssuedSession session, boolean tokenInBody) {
        cookies.set(ctx, session);
        var answer = new LinkedHashMap<String, Object>();
        answer.put("account", accountJson(account));
        if (tokenInBody) {
            answer.put("sessionToken", session.sessionToken());
            answer.put("refreshToken", session.refreshToken());
        }
        ctx.json(answer);
    }

    private static Map<String, Object> accountJson(Account account) {
        return Map.of("id", account.id(), "email", account.email(), "createdAt", account.createdAt().toString());
    }
}

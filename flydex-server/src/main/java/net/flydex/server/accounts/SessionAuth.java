package net.flydex.server.accounts;

import io.javalin.http.Context;
import java.util.Optional;
import net.flydex.server.http.ApiException;
import net.flydex.server.http.OriginGuard;

/**
 * Who is calling: a bearer token ({@code Authorization: Bearer …}, for CLIs and tests) or the
 * session cookie (browsers, which must also pass the {@link OriginGuard} on state changes).
 */
public final class SessionAuth {
    private final Sessions sessions;
    private final SessionCookies cookies;
    private final OriginGuard origins;

    public SessionAuth(Sessions sessions, SessionCookies cookies, OriginGuard origins) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.origins = origins;
    }

    /** The caller's session, or 401; state-changing cookie requests also need FlyDex's Origin. */
    public AuthSession require(Context ctx) {
        Optional<String> bearer = bearer(ctx);
        Optional<String> cookie = bearer.isEmpty() ? cookies.sessionToken(ctx) : Optional.empty();
        origins.check(ctx, cookie.isPresent());
        return bearer.or(() -> cookie).flatMap(sessions::authenticate).orElseThrow(ApiException::unauthorized);
    }

    /** The caller's session if there is a valid one; for pages that work either way. */
    public Optional<AuthSession> optional(Context ctx) {
        return bearer(ctx).or(() -> cookies.sessionToken(ctx)).flatMap(sessions::authenticate);
    }

    private static Optional<String> bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).strip()).filter(t -> !t.isEmpty());
    }
}

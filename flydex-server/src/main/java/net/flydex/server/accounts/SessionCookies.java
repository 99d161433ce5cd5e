package net.flydex.server.accounts;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Optional;

/**
 * The browser's session and refresh cookies: HttpOnly (no script reads them), SameSite=Lax (no
 * cross-site POST carries them) and, on https, Secure with the {@code __Host-} prefix (bound to
 * this exact host, path /).
 */
public final class SessionCookies {
    private final boolean https;
    private final String sessionName;
    private final String refreshName;

    public SessionCookies(boolean https) {
        this.https = https;
        String prefix = https ? "__Host-" : "";
        this.sessionName = prefix + "flydex_session";
        this.refreshName = prefix + "flydex_refresh";
    }

    public void set(Context ctx, IssuedSession session) {
        int maxAge = (int) Sessions.WINDOW.toSeconds();
        ctx.cookie(cookie(sessionName, session.sessionToken(), maxAge));
        ctx.cookie(cookie(refreshName, session.refreshToken(), maxAge));
    }

    public void clear(Context ctx) {
        ctx.cookie(cookie(sessionName, "", 0));
        ctx.cookie(cookie(refreshName, "", 0));
    }

    public Optional<String> sessionToken(Context ctx) {
        return Optional.ofNullable(ctx.cookie(sessionName)).filter(v -> !v.isBlank());
    }

    public Optional<String> refreshToken(Context ctx) {
        return Optional.ofNullable(ctx.cookie(refreshName)).filter(v -> !v.isBlank());
    }

    private Cookie cookie(String name, String value, int maxAgeSeconds) {
        return new Cookie(name, value, "/", maxAgeSeconds, https, true, null, SameSite.LAX);
    }
}

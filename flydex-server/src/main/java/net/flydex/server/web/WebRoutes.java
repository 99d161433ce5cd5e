package net.flydex.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import net.flydex.server.http.ApiException;

/**
 * Serves the web app: the page shell for every client route (so {@code /pair}, a thread's address
 * or a reload land in the app), {@code /assets/*} for scripts and styles, and at the root what an
 * installable app needs there: the manifest, the service worker (root scope) and the page it shows
 * offline. Nothing here reads a session: the app asks the API.
 */
public final class WebRoutes {
    /** Addresses the client router owns; each answers the page shell. */
    private static final List<String> APP_ROUTES = List.of("/", "/pair", "/add-device", "/signin", "/machines", "/machines/<rest>",
            "/approvals", "/account", "/account/<rest>", "/security", "/privacy", "/troubleshooting");
    /** The shell must be fresh after a deploy; assets revalidate cheaply by ETag (no build step, so no hashed names). */
    private static final String REVALIDATE = "no-cache";

    /** Files an installed app needs at the root: the worker's scope is its folder, the manifest's too. */
    private static final List<String> ROOT_FILES = List.of("manifest.webmanifest", "offline.html");
    /**
     * The worker's script is never kept by an HTTP cache: the browser compares its bytes on every
     * update check, and a stale copy would pin every page to the old version.
     */
    private static final String NEVER_STORE = "no-store";

    private final WebAssets assets = new WebAssets();
    private final AppShell shell = AppShell.of(assets);
    private final String contentSecurityPolicy;

    public WebRoutes(URI publicUrl) {
        this.contentSecurityPolicy = contentSecurityPolicy(publicUrl);
    }

    public void register(RoutesConfig routes) {
        APP_ROUTES.forEach(path -> routes.get(path, ctx -> serve(ctx, "index.html")));
        routes.get("/assets/<path>", ctx -> serve(ctx, "assets/" + ctx.pathParam("path")));
        ROOT_FILES.forEach(file -> routes.get("/" + file, ctx -> serve(ctx, file)));
        routes.get("/" + AppShell.WORKER, this::serveWorker);
    }

    private void serveWorker(Context ctx) {
        WebAsset worker = assets.find(AppShell.WORKER).orElseThrow(ApiException::notFound);
        securityHeaders(ctx);
        ctx.header("Cache-Control", NEVER_STORE).header("Service-Worker-Allowed", "/")
                .contentType(worker.contentType()).result(shell.workerScript(worker));
    }

    private void serve(Context ctx, String path) {
        WebAsset asset = assets.find(path).orElseThrow(ApiException::notFound);
        securityHeaders(ctx);
        ctx.header("Cache-Control", REVALIDATE).header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", contentSecurityPolicy)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    /**
     * Scripts, styles and fetches from this origin only, plus the page's two outside contacts: its
     * own WebSocket, and the desktop helper on the loopback address (any port, since the helper's
     * port is configurable). Images may be {@code data:} URLs: the pairing QR arrives as SVG.
     */
    static String contentSecurityPolicy(URI publicUrl) {
        String ws = ("https".equals(publicUrl.getScheme()) ? "wss://" : "ws://") + publicUrl.getRawAuthority();
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; manifest-src 'self'; worker-src 'self'; "
                + "connect-src 'self' " + ws + " http://127.0.0.1:* http://localhost:*; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }
}

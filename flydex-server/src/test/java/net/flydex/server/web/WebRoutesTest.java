package net.flydex.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.flydex.server.app.ServerHarness;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The web app's static serving: the shell on every app route, assets by ETag, strict headers. */
class WebRoutesTest {
    /** The budget for the whole app, uncompressed. */
    private static final long JS_CSS_BUDGET_BYTES = 150 * 1024;
    private static final Path SOURCES = Path.of("src/main/resources/web");

    @AutoClose
    private final HttpClient http = HttpClient.newHttpClient();
    @AutoClose
    private ServerHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = ServerHarness.sqlite();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(harness.url().resolve(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/pair", "/signin", "/machines", "/machines/mch_1", "/machines/mch_1/threads/019a-b",
        "/approvals", "/account", "/account/billing?checkout=success", "/security", "/privacy", "/troubleshooting"})
    void everyAppRouteAnswersTheShellWithAStrictPolicy(String path) throws Exception {
        var response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("<script type=\"module\" src=\"/assets/js/main.js\"></script>");
        String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self';", "style-src 'self';", "frame-ancestors 'none'",
                "connect-src 'self' ws://flydex.test http://127.0.0.1:* http://localhost:*").doesNotContain("unsafe");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void assetsRevalidateByEtag() throws Exception {
        var first = get("/assets/js/main.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        var again = get("/assets/js/main.js", "If-None-Match", etag);
        var css = get("/assets/app.css");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/js/missing.js", "/assets/../db/migration/V1__accounts_sessions_audit.sql", "/assets/%2e%2e/index.html",
        "/assets/js/main.JS", "/assets/.hidden.js", "/assets/simplelogger.properties", "/assets/js//main.js", "/nowhere",
        "/api/nowhere"})
    void anythingElseIsAJsonNotFound(String path) throws Exception {
        var response = get(path);

        assertThat(response.statusCode()).isIn(400, 404);
        assertThat(response.body()).doesNotContain("<script").doesNotContain("flyway").doesNotContain("CREATE TABLE");
    }

    @Test
    void thePagesCarryNoInlineScriptOrStyleAndStayWithinTheSizeBudget() throws IOException {
        String shell = Files.readString(SOURCES.resolve("index.html"));
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(shell).find()).as("inline script").isFalse();
        assertThat(shell).doesNotContain("<style").doesNotContain("style=");
        assertThat(Pattern.compile("\\son[a-z]+=").matcher(shell).find()).as("inline event handler").isFalse();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            long total = files.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".css")).mapToLong(p -> p.toFile().length()).sum();
            assertThat(total).as("JS + CSS bytes").isPositive().isLessThan(JS_CSS_BUDGET_BYTES);
        }
        try (Stream<Path> scripts = Files.walk(SOURCES).filter(p -> p.toString().endsWith(".js"))) {
            scripts.forEach(p -> assertThat(read(p)).as(p.toString()).doesNotContain("innerHTML").doesNotContain("eval(")
                    .doesNotContain("https://"));
        }
    }

    @Test
    void theShellPreloadsEveryModuleSoTheyLoadInParallel() throws IOException {
        String shell = Files.readString(SOURCES.resolve("index.html"));
        try (Stream<Path> scripts = Files.walk(SOURCES.resolve("assets/js"))) {
            scripts.filter(p -> p.toString().endsWith(".js") && !p.endsWith("main.js")).forEach(p -> assertThat(shell)
                    .contains("<link rel=\"modulepreload\" href=\"/" + SOURCES.relativize(p).toString().replace('\\', '/') + "\">"));
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theServiceWorkerIsNeverStoredAndCarriesTheShellsVersionAndFiles() throws Exception {
        var worker = get("/sw.js");

        assertThat(worker.statusCode()).isEqualTo(200);
        assertThat(worker.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(worker.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(worker.headers().firstValue("Service-Worker-Allowed")).hasValue("/");
        assertThat(worker.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(c -> assertThat(c).contains("worker-src 'self'"));
        var shell = net.flydex.protocol.WireJson.mapper().readTree(
                Pattern.compile("const SHELL = (\\{.*?\\});").matcher(worker.body()).results().findFirst().orElseThrow().group(1));
        assertThat(shell.path("version").asString()).matches("[0-9a-f]{16}");
        var files = shell.path("files").valueStream().map(f -> f.asString()).toList();
        assertThat(files).contains("/", "/offline.html", "/manifest.webmanifest", "/assets/app.css", "/assets/js/main.js",
                "/assets/icons/maskable-512.png").doesNotContain("/sw.js", "/index.html").allMatch(f -> f.startsWith("/"))
                .noneMatch(f -> f.startsWith("/api") || f.startsWith("/ws"));
        for (String file : files) {
            assertThat(get(file).statusCode()).as(file).isEqualTo(200);
        }
    }

    @Test
    void theManifestAndTheOfflinePageAnswerAtTheRoot() throws Exception {
        var manifest = get("/manifest.webmanifest");
        var offline = get("/offline.html");

        assertThat(manifest.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/manifest+json"));
        var json = net.flydex.protocol.WireJson.mapper().readTree(manifest.body());
        assertThat(json.path("display").asString()).isEqualTo("standalone");
        assertThat(json.path("icons").valueStream().filter(i -> i.path("purpose").asString().equals("maskable")).map(i -> i.path("sizes").asString()))
                .containsExactly("192x192", "512x512");
        assertThat(offline.body()).contains("FlyDex needs a connection to reach your desktop").doesNotContain("<script");
        assertThat(offline.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void thePolicyUsesSecureSocketsOnHttps() {
        assertThat(WebRoutes.contentSecurityPolicy(URI.create("https://flydex.net"))).contains("connect-src 'self' wss://flydex.net ");
    }
}

package net.flydex.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
    /** The budget for the whole app's JavaScript and CSS as a first visit transfers it: gzipped, its libraries included. */
    private static final long JS_CSS_BUDGET_GZIP_BYTES = 150 * 1024;
    /** What the thread page loads on demand besides the preloaded modules (marked, Prism and its grammars). */
    private static final List<String> VENDOR = List.of("marked.esm.js", "prism-core.min.js", "prism-clike.min.js", "prism-markup.min.js",
            "prism-javascript.min.js", "prism-typescript.min.js", "prism-css.min.js", "prism-json.min.js", "prism-bash.min.js",
            "prism-python.min.js", "prism-java.min.js", "prism-go.min.js", "prism-rust.min.js", "prism-sql.min.js", "prism-yaml.min.js",
            "prism-diff.min.js");
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
    @ValueSource(strings = {"/", "/pair", "/add-device", "/signin", "/machines", "/machines/mch_1", "/machines/mch_1/threads/019a-b",
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
    void thePagesCarryNoInlineScriptOrStyleAndOurScriptsNoMarkupStrings() throws IOException {
        String shell = Files.readString(SOURCES.resolve("index.html"));
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(shell).find()).as("inline script").isFalse();
        assertThat(shell).doesNotContain("<style").doesNotContain("style=");
        assertThat(Pattern.compile("\\son[a-z]+=").matcher(shell).find()).as("inline event handler").isFalse();
        try (Stream<Path> scripts = Files.walk(SOURCES).filter(p -> p.toString().endsWith(".js"))) {
            scripts.forEach(p -> assertThat(read(p)).as(p.toString()).doesNotContain("innerHTML").doesNotContain("eval(")
                    .doesNotContain("https://"));
        }
    }

    @Test
    void everythingAFirstVisitLoadsStaysWithinTheBudgetGzippedLibrariesIncluded() throws Exception {
        String shell = get("/").body();
        var assets = new java.util.ArrayList<String>();
        Pattern.compile("(?:href|src)=\"(/assets/[^\"]+\\.(?:js|css))\"").matcher(shell).results().forEach(m -> assets.add(m.group(1)));
        VENDOR.forEach(name -> assets.add("/assets/vendor/" + name));
        long gzipped = 0;
        for (String asset : assets) {
            var response = http.send(HttpRequest.newBuilder(harness.url().resolve(asset)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            gzipped += gzipSize(response.body());
        }
        System.out.printf("web app first load: %d files, %.1f KiB gzipped (budget %d KiB)%n", assets.size(), gzipped / 1024.0,
                JS_CSS_BUDGET_GZIP_BYTES / 1024);
        assertThat(assets).contains("/assets/app.css", "/assets/js/main.js", "/assets/js/pages/thread.js");
        assertThat(gzipped).as("JS + CSS bytes, gzipped").isPositive().isLessThan(JS_CSS_BUDGET_GZIP_BYTES);
    }

    @Test
    void theVendoredLibrariesAreServedAsScriptsUnderTheSamePolicy() throws Exception {
        for (String name : VENDOR) {
            var response = get("/assets/vendor/" + name);
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self';");
        }
        assertThat(get("/assets/vendor/prism-core..js").statusCode()).isIn(400, 404);
        assertThat(get("/assets/vendor/.min.js").statusCode()).isIn(400, 404);
    }

    private static long gzipSize(byte[] bytes) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.size();
    }

    /**
     * Every module a page load fetches (main.js's static imports, followed) is preloaded; a library
     * only some pages load (the QR encoder, Prism, marked) comes by dynamic import and is not.
     */
    @Test
    void theShellPreloadsEveryModuleTheAppImportsSoTheyLoadInParallel() throws IOException {
        String shell = Files.readString(SOURCES.resolve("index.html"));
        Set<Path> imported = importedFrom(SOURCES.resolve("assets/js/main.js"));
        assertThat(imported).hasSizeGreaterThan(10);
        imported.stream().filter(p -> !p.endsWith("main.js")).forEach(p -> assertThat(shell)
                .contains("<link rel=\"modulepreload\" href=\"/" + SOURCES.relativize(p).toString().replace('\\', '/') + "\">"));
    }

    /** The modules {@code entry} reaches through static {@code import … from './x.js'} statements, itself included. */
    private static Set<Path> importedFrom(Path entry) {
        Pattern specifier = Pattern.compile("(?:\\bfrom|^import)\\s*'(\\.{1,2}/[^']+)'", Pattern.MULTILINE);
        Set<Path> seen = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(entry.normalize()));
        while (!todo.isEmpty()) {
            Path module = todo.removeFirst();
            if (seen.add(module)) {
                specifier.matcher(read(module)).results()
                        .forEach(m -> todo.add(module.getParent().resolve(m.group(1)).normalize()));
            }
        }
        return seen;
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

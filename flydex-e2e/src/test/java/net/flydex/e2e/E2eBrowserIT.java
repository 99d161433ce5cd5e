package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.Base64Url;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.Introduction;
import net.flydex.protocol.e2e.Introductions;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.Session;
import net.flydex.protocol.e2e.TrustedDevices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * e2e.js in Debian's Chromium. The page is served by a Playwright route on https://flydex.test
 * (a secure context, as WebCrypto requires) under the app's strict script policy, with the
 * modules read from the server's classpath exactly as the control plane serves them. First the
 * shared vectors run through e2e.js (run-vectors.js); then a live round trip (live.js): the
 * browser makes a non-extractable key, introduces itself to Java's {@link Introductions} over
 * /bridge routes, and converses with a {@link HelperEndpoint}, before and after a reload; its
 * service worker opens a sealed push and seals a decision with the key the page stored.
 */
class E2eBrowserIT {
    private static final String ORIGIN = "https://flydex.test";
    private static final String MACHINE_ID = "m_browserTest0000000000";
    private static final String POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'";
    private static final String CARD = "{\"command\":\"rm -rf build\",\"machine\":\"studio\"}";

    private static Chromium chromium;
    private BrowserContext context;
    private Page page;

    private final SecureRandom random = new SecureRandom();
    private final P256.KeyPair helperKey = P256.generate(random);
    private final TrustedDevices devices = new TrustedDevices(List.of());
    private final Introductions introductions = new Introductions(helperKey, devices, Clock.systemUTC(), random);
    private final HelperEndpoint endpoint = new HelperEndpoint(MACHINE_ID, helperKey, devices, Clock.systemUTC(), KeySource.from(random));
    private final AtomicReference<Session> session = new AtomicReference<>();
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void open() {
        context = chromium.newContext();
        // On the context, not the page, so the service worker's script and imports are served too.
        context.route(ORIGIN + "/**", this::serve);
        page = context.newPage();
        page.navigate(ORIGIN + "/");
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void theSharedVectorsPassInChromium() throws IOException {
        String vectors = Files.readString(Path.of(System.getProperty("flydex.e2e.vectors")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) page.evaluate(
                "async (json) => (await import('/test/run-vectors.js')).run(JSON.parse(json))", vectors);

        assertThat(results).hasSizeGreaterThan(50);
        assertThat(results).allSatisfy(r -> assertThat(r.get("ok")).as(r.get("name") + ": " + r.get("detail")).isEqualTo(true));
        assertThat(results).extracting(r -> (String) r.get("name"))
                .contains("hkdf: RFC 5869 A.3", "frame: replayed", "frame: dropped", "oneShot: decision: from another device", "point: not on the curve");
    }

    @Test
    void aBrowserIntroducesItselfToAJavaHelperAndTheyTalkSealed() {
        Map<?, ?> first = (Map<?, ?>) page.evaluate("async (m) => (await import('/test/live.js')).introduceAndConverse(m)", MACHINE_ID);

        String deviceId = (String) first.get("deviceId");
        assertThat(first.get("nonExtractable")).isEqualTo(true);
        assertThat(devices.find(deviceId)).hasValueSatisfying(d -> {
            assertThat(d.name()).isEqualTo("Chromium under test");
            assertThat(d.fingerprint()).isEqualTo(first.get("fingerprint"));
        });
        assertThat(first.get("helperFingerprint")).isEqualTo(P256.fingerprint(helperKey.publicKey()));
        assertThat((List<?>) first.get("results")).hasSize(3).allSatisfy(r -> assertThat((String) r).startsWith("sealed back: {\"id\":"));
        assertThat(received).hasSize(3).allSatisfy(r -> assertThat(r).contains("\"label\":\"first\""));
        assertThat(first.get("sessionId")).isEqualTo(session.get().sessionId());
        assertThat(first.get("card")).isEqualTo(CARD);
        assertThat(first.get("decided")).isEqualTo("accept");

        page.reload();
        Map<?, ?> again = (Map<?, ?>) page.evaluate("async (m) => (await import('/test/live.js')).converseAgain(m)", MACHINE_ID);
        assertThat(again.get("deviceId")).isEqualTo(deviceId);
        assertThat(again.get("nonExtractable")).isEqualTo(true);
        assertThat(received).hasSize(6).last().asString().contains("\"label\":\"again\"");

        Map<?, ?> worker = (Map<?, ?>) page.evaluate("async (m) => (await import('/test/live.js')).throughServiceWorker(m)", MACHINE_ID);
        assertThat(worker.get("card")).isEqualTo(CARD);
        assertThat(worker.get("decided")).isEqualTo("decline");
        assertThat(worker.get("extractable")).isEqualTo(false);

        devices.revoke(deviceId);
        assertThatThrownBy(() -> page.evaluate("async (m) => (await import('/test/live.js')).converseAgain(m)", MACHINE_ID))
                .isInstanceOf(PlaywrightException.class).hasMessageContaining("hello: device_unknown");
        assertThat(page.evaluate("async (m) => (await import('/test/live.js')).forget(m)", MACHINE_ID)).isEqualTo("forgotten");
    }

    private void serve(Route route) {
        String path = route.request().url().substring(ORIGIN.length());
        try {
            if (path.equals("/")) {
                fulfill(route, 200, "text/html", "<!doctype html><html lang=\"en\"><title>e2e</title><h1>e2e.js under test</h1></html>");
            } else if (path.startsWith("/assets/js/")) {
                fulfill(route, 200, "text/javascript", resource("/web" + path));
            } else if (path.startsWith("/test/")) {
                fulfill(route, 200, "text/javascript", resource("/e2e/" + path.substring("/test/".length())));
            } else if (path.startsWith("/bridge/")) {
                bridge(route, path.substring("/bridge/".length()));
            } else {
                fulfill(route, 404, "text/plain", "not found");
            }
        } catch (IOException e) {
            fulfill(route, 500, "text/plain", e.getMessage());
        }
    }

    /** The helper's side of the conversation, as the relay will carry it once wired. */
    private void bridge(Route route, String what) {
        JsonNode body = route.request().postData() == null ? WireJson.mapper().createObjectNode() : WireJson.mapper().readTree(route.request().postData());
        ObjectNode answer = WireJson.mapper().createObjectNode();
        try {
            switch (what) {
                case "offer" -> answer.put("offer", introductions.offer().encode());
                case "introduce" -> answer = WireJson.mapper().valueToTree(introductions.accept(WireJson.mapper().treeToValue(body, Introduction.class)));
                case "hello" -> {
                    HelperEndpoint.Answer a = endpoint.answer(body.path("deviceId").asString(), body.path("hello").asString());
                    session.set(a.session());
                    answer.put("reply", a.reply());
                }
                case "frame" -> {
                    String plaintext = new String(session.get().open(body.path("type").asString(), "", body.path("frame").asString()), StandardCharsets.UTF_8);
                    received.add(plaintext);
                    answer.put("frame", session.get().seal("result", "", ("sealed back: " + plaintext).getBytes(StandardCharsets.UTF_8)));
                }
                case "push" -> {
                    byte[] approvalId = new byte[16];
                    random.nextBytes(approvalId);
                    String id = "ap_" + Base64Url.encode(approvalId);
                    answer.put("approvalId", id);
                    answer.put("sealed", endpoint.sealPush(body.path("deviceId").asString(), "approval", id, CARD.getBytes(StandardCharsets.UTF_8)));
                }
                case "decision" -> answer.put("decision", endpoint.openDecision(body.path("deviceId").asString(), body.path("approvalId").asString(),
                        body.path("sealed").asString()).decision().wire());
                default -> throw new IllegalArgumentException("no bridge route " + what);
            }
            fulfill(route, 200, "application/json", answer.toString());
        } catch (E2eException e) {
            fulfill(route, 400, "application/json", "{\"failure\":\"" + e.failure().wire() + "\"}");
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = E2eBrowserIT.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void fulfill(Route route, int status, String type, String body) {
        route.fulfill(new Route.FulfillOptions().setStatus(status).setContentType(type + "; charset=utf-8").setBody(body)
                .setHeaders(Map.of("Content-Security-Policy", POLICY, "Cache-Control", "no-store")));
    }
}

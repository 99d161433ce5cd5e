package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.FakeMozillaPush;
import net.flydex.testkit.RelayClient;
import net.flydex.testkit.SealedDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The full Web Push round trip in a real browser: Debian's Firefox ESR subscribes from the
 * account page through a fake Mozilla push service (its WebSocket protocol, as autopush speaks
 * it), a real approval from the real Codex makes the control plane send an encrypted push to
 * that service's endpoint, and Firefox itself decrypts it and has the service worker show it
 * with Approve and Deny.
 */
class FirefoxPushIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ControlPlane plane;
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    /** The prefs that point Firefox's push at the fake service and let it show notifications headless. */
    static Map<String, Object> pushPrefs(FakeMozillaPush push) {
        return Map.ofEntries(Map.entry("dom.push.serverURL", push.serverUrl()),
                Map.entry("dom.push.testing.allowInsecureServerURL", true),
                Map.entry("dom.push.testing.ignorePermission", true),
                Map.entry("permissions.default.desktop-notification", 1),
                Map.entry("alerts.useSystemBackend", false),
                Map.entry("browser.shell.checkDefaultBrowser", false),
                Map.entry("datareporting.policy.dataSubmissionEnabled", false),
                Map.entry("toolkit.telemetry.reportingpolicy.firstRun", false),
                // The remote agent's recommended prefs switch push's connection off (dom.push.connection.enabled).
                Map.entry("remote.prefs.recommended", false),
                Map.entry("dom.push.connection.enabled", true),
                Map.entry("dom.push.loglevel", "debug"),
                Map.entry("devtools.console.stdout.chrome", true));
    }

    @Test
    void firefoxSubscribesFromTheAccountPageAndShowsARealApprovalFromCodexWithApproveAndDeny() throws Exception {
        try (var push = FakeMozillaPush.start()) {
            plane = ControlPlane.trustingPush(push.prefix());
            try (var desktop = PairedDesktop.link(plane, dir, "fox@example.com");
                    var firefox = Firefox.launch(dir.resolve("profile"), pushPrefs(push))) {
                firefox.navigate(plane.url + "/signin");
                assertThat(firefox.evaluate("fetch('/api/auth/signin', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                        + " body: JSON.stringify({email: 'fox@example.com', password: '" + Ui.PASSWORD + "'})}).then(r => r.status)").asInt())
                        .isEqualTo(200);
                // Firefox is introduced to the desktop as scanning its "Add a device" QR would: pushes are sealed for it.
                String offer = SealedDevice.offerFrom(desktop.helper.port, plane.url.toString()).body().path("offer").asString();
                firefox.navigate(plane.url + "/add-device#" + desktop.machineId + "." + offer);
                assertThat(firefox.evaluate("(async () => { for (let i = 0; i < 300; i++) {"
                        + " if (document.body.textContent.includes('This browser is now trusted by')) return true;"
                        + " await new Promise(r => setTimeout(r, 100)); } return document.body.textContent; })()").toString()).isEqualTo("true");

                // A tap on "Turn on notifications": Firefox subscribes through the push service's socket.
                firefox.navigate(plane.url + "/account");
                firefox.evaluate(untilShown("button", "Turn on notifications for this device") + ".then(b => b.click())");
                JsonNode register = push.next("register", 60);
                assertThat(register.path("key").asString()).as("subscribed with the deployment's VAPID key").isNotEmpty();
                firefox.evaluate(untilShown("span.badge", "This device"));

                // Codex asks to run a command in a thread the phone does not show.
                Path work = Files.createDirectories(dir.resolve("work"));
                try (var relay = RelayClient.connect(plane.url, plane.url.toString(), desktop.ownerToken, desktop.device)) {
                    relay.subscribe(desktop.machineId);
                    JsonNode started = relay.rpc(desktop.machineId, "thread/start", "{\"cwd\":" + WireJson.mapper().writeValueAsString(work.toString())
                            + ",\"approvalPolicy\":\"untrusted\",\"sandbox\":\"workspace-write\"}", WAIT);
                    String thread = started.path("result").path("thread").path("id").asString();
                    ObjectNode turn = WireJson.mapper().createObjectNode().put("threadId", thread);
                    turn.putArray("input").addObject().put("type", "text").put("text", "CMD: echo from-firefox > fox.txt");
                    assertThat(relay.rpc(desktop.machineId, "turn/start", turn, WAIT).path("type").asString()).isEqualTo("result");

                    JsonNode sent = push.next("send", 60);
                    assertThat(sent.path("problem").asString()).isEmpty();
                    assertThat(sent.path("status").asInt()).isEqualTo(201);
                    assertThat(sent.path("urgency").asString()).isEqualTo("high");
                    push.next("ack", 60); // Firefox decrypted it and ran the worker's push handler

                    JsonNode shown = firefox.evaluate("(async () => { for (let i = 0; i < 100; i++) {"
                            + " const ns = await (await navigator.serviceWorker.ready).getNotifications();"
                            + " if (ns.length) return ns.map(n => ({title: n.title, body: n.body, tag: n.tag, actions: (n.actions ?? []).map(a => a.title)}));"
                            + " await new Promise(r => setTimeout(r, 100)); } return []; })()");
                    assertThat(shown).as(shown.toString()).hasSize(1);
                    assertThat(shown.get(0).path("title").asString()).endsWith(": Codex asks to run a command");
                    assertThat(shown.get(0).path("body").asString()).contains("echo from-firefox > fox.txt");
                    assertThat(shown.get(0).path("actions").toString()).isEqualTo("[\"Approve\",\"Deny\"]");

                    // Approved at the desk: the resolution push closes it.
                    JsonNode approval = relay.await(f -> f.path("type").asString("").equals("approval"), WAIT).path("approval");
                    assertThat(shown.get(0).path("tag").asString()).isEqualTo(approval.path("approvalId").asString());
                    relay.rpc(desktop.machineId, "approval/respond", "{\"approvalId\":\"" + approval.path("approvalId").asString()
                            + "\",\"decision\":\"accept\",\"idempotencyKey\":\"desk-1\"}", WAIT);
                    push.next("send", 60);
                    push.next("ack", 60);
                    assertThat(firefox.evaluate("(async () => { for (let i = 0; i < 100; i++) {"
                            + " if (!(await (await navigator.serviceWorker.ready).getNotifications()).length) return true;"
                            + " await new Promise(r => setTimeout(r, 100)); } return false; })()").asBoolean()).isTrue();
                }
            }
        }
    }

    /** A promise of the first {@code selector} element whose text is {@code text}, once the page shows it. */
    private static String untilShown(String selector, String text) throws Exception {
        return "new Promise(resolve => { const find = () => [...document.querySelectorAll(" + WireJson.mapper().writeValueAsString(selector)
                + ")].find(e => e.textContent.trim() === " + WireJson.mapper().writeValueAsString(text) + ");"
                + " const t = setInterval(() => { const e = find(); if (e) { clearInterval(t); resolve(e); } }, 100); })";
    }
}

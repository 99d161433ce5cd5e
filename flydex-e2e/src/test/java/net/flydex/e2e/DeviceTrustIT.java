package net.flydex.e2e;

import static net.flydex.e2e.Ui.button;
import static net.flydex.e2e.Ui.expect;
import static net.flydex.e2e.Ui.heading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.options.AriaRole;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which browsers a machine trusts, in Debian's Chromium against a real control plane, a real
 * helper and the real Codex (scripted model): the desktop's own browser trusts itself through the
 * helper on 127.0.0.1, shows "Add a device", a second browser reads that QR from a screenshot and
 * is introduced through the relay, both show the same fingerprints; the desktop revokes it and it
 * says so in words; a browser whose storage was wiped says so too and is trusted again. And a
 * sealed answer changed on the way shows an error, never the answer, and the page goes on
 * through a new session.
 */
class DeviceTrustIT extends ChromiumTest {
    private static final String EMAIL = "trust@example.com";

    @Test
    void aDesktopAddsAPhoneByQrRevokesItAndABrowserThatLostItsKeySaysHowToComeBack() throws Exception {
        plane = new ControlPlane();
        try (var desktop = PairedDesktop.link(plane, dir, EMAIL)) {
            String machinePage = plane.url + "/machines/" + desktop.machineId;

            // The desktop's browser was never introduced: the machine page says so, and offers the local helper.
            Page desk = chromium.desktop(desktop.helper.port);
            Ui.signIn(desk, plane.url, EMAIL);
            desk.navigate(machinePage);
            Locator untrusted = desk.locator(".untrusted");
            expect(untrusted).containsText("This browser is no longer trusted by");
            expect(untrusted).containsText("Add a device");
            button(desk, "Trust this browser again").click();
            expect(desk.getByText("No threads yet")).isVisible();
            expect(untrusted).hasCount(0);

            // Trusted devices: this browser, the helper's key; Add a device shows a QR of a one-time offer.
            desk.getByText("Trusted devices").click();
            Locator devices = desk.locator("[aria-label='Trusted devices'] .card");
            expect(devices).hasCount(2); // the test's own device PairedDesktop introduced, and this browser
            expect(devices.filter(new Locator.FilterOptions().setHasText("This browser"))).hasCount(1);
            String deskFingerprint = desk.locator("#own-fingerprint").textContent();
            String helperFingerprint = desk.locator("#helper-fingerprint").textContent();
            assertThat(helperFingerprint).matches("([0-9A-F]{4} ){3}[0-9A-F]{4}");
            button(desk, "Add a device").click();
            expect(desk.locator("#add-device-qr[src^='data:image/svg+xml']")).isVisible();
            Ui.accessibleInLightAndDark(desk, "desktop-add-device-page");
            Chromium.screenshot(desk.locator("#devices"), "desktop-add-device");
            String addUrl = await().atMost(WAIT).until(() -> Chromium.scanQr(desk.locator("#add-device-qr"), "desktop-add-device-qr"),
                    Optional::isPresent).orElseThrow();
            assertThat(addUrl).startsWith(plane.url + "/add-device#" + desktop.machineId + ".");

            // A phone of the same account opens the QR: introduced through the relay, the helper's proof checked.
            Page phone = chromium.phone();
            Ui.signIn(phone, plane.url, EMAIL);
            phone.navigate(addUrl);
            expect(phone.locator(".notice")).containsText("This browser is now trusted by");
            assertThat(phone.url()).as("the offer leaves the address bar").isEqualTo(plane.url + "/add-device");
            expect(phone.locator("#helper-fingerprint")).hasText(helperFingerprint);
            String phoneFingerprint = phone.locator("#device-fingerprint").textContent();
            Ui.accessibleInLightAndDark(phone, "phone-device-added");
            expect(desk.locator(".add-device .notice")).containsText(phoneFingerprint);
            expect(devices).hasCount(3);

            phone.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open ")).click();
            expect(phone.getByText("No threads yet")).isVisible();
            phone.getByText("Trusted devices").click();
            expect(phone.locator("#own-fingerprint")).hasText(phoneFingerprint);
            expect(phone.locator("[aria-label='Trusted devices'] .card", new Page.LocatorOptions().setHasText(deskFingerprint)))
                    .not().containsText("This browser");

            // The phone renames itself; a name the helper refuses (66 bytes in 33 characters) changes nothing and says why.
            Locator phoneOwn = phone.locator("[aria-label='Trusted devices'] .card", new Page.LocatorOptions().setHasText("This browser"));
            phoneOwn.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Rename")).click();
            phone.getByLabel("New name").fill("é".repeat(33));
            button(phone, "Save").click();
            expect(phone.locator("#devices .notice")).containsText("at most 64 bytes");
            phone.getByLabel("New name").fill("Ada’s phone");
            button(phone, "Save").click();
            expect(phone.locator("#devices .notice")).containsText("now calls it Ada’s phone");
            expect(phoneOwn.locator(".title")).hasText("Ada’s phoneThis browser");

            // Each machine says whether it trusts this browser, on the machines and the approvals pages.
            phone.navigate(plane.url + "/machines");
            Locator trust = phone.locator(".trust[data-trust-machine='" + desktop.machineId + "']");
            expect(trust).containsText("Encrypted");
            expect(trust.locator(".fingerprint")).hasText(helperFingerprint);
            Chromium.screenshot(phone, "phone-machines-trusted");
            phone.navigate(plane.url + "/approvals");
            expect(trust).containsText("Encrypted");
            expect(trust).containsText(helperFingerprint);
            Ui.accessibleInLightAndDark(phone, "phone-approvals-trusted");
            phone.navigate(machinePage);
            expect(phone.getByText("No threads yet")).isVisible();

            // The desktop revokes the phone: the phone's open page says it is no longer trusted, and how to fix it.
            Locator phoneCard = devices.filter(new Locator.FilterOptions().setHasText(phoneFingerprint));
            phoneCard.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")).click();
            expect(phoneCard.locator(".confirm")).containsText("It can no longer read or steer Codex");
            phoneCard.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")).click();
            expect(devices).hasCount(2);
            Locator phoneUntrusted = phone.locator(".untrusted");
            expect(phoneUntrusted).containsText("This browser is no longer trusted by");
            expect(phoneUntrusted).containsText("removed from the desktop’s trusted devices");
            expect(phoneUntrusted).containsText("flydex pair --device");
            Ui.accessibleInLightAndDark(phone, "phone-untrusted");
            phone.reload();
            expect(phone.locator(".untrusted")).containsText("This browser is no longer trusted by");
            phone.navigate(plane.url + "/machines");
            expect(trust).containsText("This browser is not trusted by");
            expect(trust).containsText("add it from the desktop");
            expect(trust).containsText("removed from the desktop’s trusted devices");
            Ui.accessibleInLightAndDark(phone, "phone-machines-untrusted");
            trust.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("How to fix it")).click();
            expect(phone.locator(".untrusted")).containsText("flydex pair --device");
            phone.navigate(plane.url + "/approvals");
            expect(trust).containsText("This browser is not trusted by");

            // Wiped site data on the desktop's browser: the page says the key is gone, and the local helper trusts it again.
            desk.evaluate("() => new Promise((resolve) => { const r = indexedDB.deleteDatabase('flydex-e2e'); r.onsuccess = r.onerror = r.onblocked = resolve; })");
            desk.reload();
            expect(untrusted).containsText("no FlyDex key any more");
            button(desk, "Trust this browser again").click();
            expect(desk.getByText("No threads yet")).isVisible();

            // Signed out elsewhere, this browser forgets its keys as a sign-out here does: an open page hears it on its socket (4401)...
            assertThat(hasKeys(phone)).isTrue();
            assertThat(desktop.owner.delete("/api/auth/sessions/" + sessionOf(phone)).status()).isEqualTo(204);
            expect(heading(phone, "Welcome to FlyDex")).isVisible();
            await().atMost(WAIT).until(() -> !hasKeys(phone));
            // ...and a closed one from the API when it opens again (its refresh is refused: session_revoked).
            String deskSession = sessionOf(desk);
            assertThat(hasKeys(desk)).isTrue();
            Page later = desk.context().newPage();
            desk.close();
            assertThat(desktop.owner.delete("/api/auth/sessions/" + deskSession).status()).isEqualTo(204);
            later.navigate(machinePage);
            expect(heading(later, "Welcome to FlyDex")).isVisible();
            await().atMost(WAIT).until(() -> !hasKeys(later));
        }
    }

    /** Whether this browser holds an end-to-end device key. */
    private static boolean hasKeys(Page page) {
        return (Boolean) page.evaluate("import('/assets/js/e2e-store.js').then(async s => Boolean(await s.loadDeviceKeys()))");
    }

    /** The id of the session this page is signed in with. */
    private static String sessionOf(Page page) {
        return (String) page.evaluate("fetch('/api/me').then(r => r.json()).then(me => me.session.id)");
    }

    @Test
    void aSealedAnswerChangedOnTheWayIsRefusedWithAnErrorAndTheNextRequestGoesThroughANewSession() throws Exception {
        plane = new ControlPlane();
        try (var desktop = PairedDesktop.link(plane, dir, "tamper@example.com")) {
            Page phone = chromium.phone();
            // Between the page and the control plane: a relay that can flip one character of the next sealed result.
            AtomicBoolean flipNextResult = new AtomicBoolean();
            AtomicInteger hellos = new AtomicInteger();
            phone.context().routeWebSocket(Pattern.compile(".*/ws/client$"), page -> {
                WebSocketRoute server = page.connectToServer();
                page.onMessage(frame -> {
                    if (frame.text().contains("\"e2e/hello\"")) {
                        hellos.incrementAndGet();
                    }
                    server.send(frame.text());
                });
                server.onMessage(frame -> page.send(flipNextResult.get() && sealedResult(frame.text()) && flipNextResult.compareAndSet(true, false)
                        ? flipped(frame.text()) : frame.text()));
            });
            Ui.signIn(phone, plane.url, "tamper@example.com");
            Ui.addDevice(phone, plane.url, desktop);
            phone.navigate(plane.url + "/machines/" + desktop.machineId);
            expect(phone.getByText("No threads yet")).isVisible();

            int before = hellos.get();
            flipNextResult.set(true);
            phone.getByLabel("Search threads by title").fill("anything");
            expect(phone.getByRole(AriaRole.ALERT)).containsText("did not check out, so it was refused");
            expect(phone.locator(".card-main")).hasCount(0);
            assertThat(flipNextResult.get()).isFalse();

            phone.getByLabel("Search threads by title").fill("");
            expect(phone.getByText("No threads yet")).isVisible();
            assertThat(hellos.get()).as("a new handshake after the refused frame").isGreaterThan(before);
        }
    }

    private static boolean sealedResult(String text) {
        var frame = WireJson.mapper().readTree(text);
        return frame.path("type").asString("").equals("result") && frame.path("sealed").isString();
    }

    /** The frame with one character in the middle of its sealed text changed: its tag no longer verifies. */
    private static String flipped(String text) {
        ObjectNode frame = (ObjectNode) WireJson.mapper().readTree(text);
        String sealed = frame.path("sealed").asString();
        int at = sealed.length() / 2;
        return frame.put("sealed", sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1)).toString();
    }
}

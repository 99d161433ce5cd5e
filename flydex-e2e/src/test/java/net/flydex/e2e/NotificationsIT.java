package net.flydex.e2e;

import static net.flydex.e2e.ServiceWorkerPort.nextPayload;
import static net.flydex.e2e.ServiceWorkerPort.notifications;
import static net.flydex.e2e.Ui.button;
import static net.flydex.e2e.Ui.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.PushBrowser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Notifications in Debian's Chromium against a real control plane, a real helper and the real
 * Codex (scripted model). Headless Chromium cannot subscribe (its push service is Google's), so
 * the page's session posts a subscription with keys the test made, pointing at the loopback fake
 * push service; what the control plane sends there is decrypted by the fake and delivered into
 * the service worker with CDP's {@code ServiceWorker.deliverPushMessage}, as the browser would.
 * CDP cannot click a notification: the test calls the worker's click handler as the click would.
 */
class NotificationsIT extends ChromiumTest {


    @Test
    void anApprovalPushShowsApproveAndDenyAndApprovingFromTheNotificationRunsTheCommandInCodex() throws Exception {
        try (var pushService = FakePushService.start()) {
            plane = ControlPlane.trustingPush(pushService.prefix());
            try (var desktop = PairedDesktop.link(plane, dir, "notify@example.com")) {
                Path work = Files.createDirectories(dir.resolve("work"));
                Page phone = chromium.phone();
                Ui.signIn(phone, plane.url, "notify@example.com");
                Ui.addDevice(phone, plane.url, desktop);

                // The account page asks nothing by itself: permission stays "default" until a tap.
                phone.navigate(plane.url + "/account");
                expect(button(phone, "Turn on notifications for this device")).isVisible();
                assertThat(phone.evaluate("Notification.permission")).isEqualTo("default");
                expect(phone.locator("#notifications")).containsText("No device gets notifications yet.");
                Ui.accessibleInLightAndDark(phone, "phone-notifications-off");

                // This device subscribes (as pushManager.subscribe would, with the test's keys); another device too.
                phone.context().grantPermissions(List.of("notifications"));
                PushBrowser thisPhone = pushService.newBrowser();
                PushBrowser otherDevice = pushService.newBrowser();
                // As push.js does, the subscription names this browser's device id: the helper seals each push for it.
                assertThat(ServiceWorkerPort.subscribe(phone, thisPhone)).isEqualTo(201);
                assertThat(desktop.owner.post("/api/push/subscriptions", otherDevice.toJson()).status()).isEqualTo(201);
                phone.reload();
                Locator devices = phone.locator("[aria-label='Devices that get notifications'] .card");
                expect(devices).hasCount(2);
                expect(devices.filter(new Locator.FilterOptions().setHasText("This device"))).hasCount(1);
                expect(phone.locator("#notifications")).containsText("Notifications reach this device.");
                Locator turnEnded = phone.getByLabel("A turn finished or failed");
                expect(turnEnded).not().isChecked();
                turnEnded.check();
                expect(phone.locator("#notifications")).containsText("Saved.");
                phone.reload();
                expect(phone.getByLabel("A turn finished or failed")).isChecked();
                expect(phone.getByLabel("Approvals and questions")).isChecked();
                Ui.accessibleInLightAndDark(phone, "phone-notifications-on");

                // Turning another device off from here: it gets nothing more.
                devices.filter(new Locator.FilterOptions().setHasNotText("This device")).getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
                expect(devices).hasCount(1);
                Chromium.screenshot(phone.locator("#notifications"), "phone-notifications");
                phone.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
                Chromium.screenshot(phone.locator("#notifications"), "phone-notifications-dark");
                phone.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));

                // Codex asks to run a command; the phone is elsewhere (the account page), so the push is shown.
                phone.navigate(plane.url + "/machines/" + desktop.machineId);
                phone.getByText("New thread").click();
                phone.getByLabel("Folder on the desktop (optional)").fill(work.toString());
                phone.getByLabel("First prompt (optional)").fill("CMD: echo from-the-lock-screen > lock.txt");
                button(phone, "Start thread").click();
                expect(phone.locator("article.approval")).containsText("from-the-lock-screen");
                String threadPath = java.net.URI.create(phone.url()).getPath();
                phone.navigate(plane.url + "/account");

                JsonNode approval = nextPayload(thisPhone, "approval");
                assertThat(approval.path("sealed").isString()).as("the content travels sealed for this device").isTrue();
                assertThat(approval.toString()).doesNotContain("from-the-lock-screen");
                assertThat(otherDevice.next(Duration.ofSeconds(2))).as("a device turned off gets nothing").isNull();
                var worker = new ServiceWorkerPort(phone);
                worker.deliver(approval);
                JsonNode shown = worker.awaitNotifications(1).get(0);
                assertThat(shown.path("title").asString()).endsWith(": Codex asks to run a command");
                assertThat(shown.path("body").asString()).contains("echo from-the-lock-screen > lock.txt");
                assertThat(shown.path("tag").asString()).isEqualTo(approval.path("approvalId").asString());
                assertThat(shown.path("actions").toString()).isEqualTo("[\"Approve\",\"Deny\"]");

                // Approve, as a tap on the button would: the route relays it, the real helper lets Codex run it.
                assertThat(worker.click(approval.path("approvalId").asString(), "approve")).isEqualTo("approved");
                // The file's content, not its existence: the shell creates it empty, then writes.
                await().atMost(WAIT).until(() -> Files.exists(work.resolve("lock.txt"))
                        && Files.readString(work.resolve("lock.txt")).equals("from-the-lock-screen\n"));
                JsonNode outcome = notifications(phone).get(0);
                assertThat(outcome.path("title").asString()).isEqualTo("Approved — running");
                assertThat(outcome.path("actions").toString()).isEqualTo("[]");

                // Resolved: the resolution push retires the notification.
                worker.deliver(nextPayload(thisPhone, "approvalResolved"));
                await().atMost(WAIT).until(() -> notifications(phone).isEmpty());

                // Without content it can open (none sealed for it, or a seal changed on the way) it names only the machine.
                for (String sealed : new String[] {null, flipped(approval.path("sealed").asString())}) {
                    var bare = (tools.jackson.databind.node.ObjectNode) approval.deepCopy();
                    if (sealed == null) {
                        bare.remove("sealed");
                    } else {
                        bare.put("sealed", sealed);
                    }
                    assertThat(worker.handle(bare)).isEqualTo("shown");
                    JsonNode plain = notifications(phone).get(0);
                    assertThat(plain.path("title").asString()).endsWith(" is waiting for your approval");
                    assertThat(plain.path("body").asString()).isEqualTo("Open FlyDex to see what it asks.");
                    assertThat(plain.path("actions").toString()).isEqualTo("[]");
                    phone.evaluate("navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.forEach(n => n.close()))");
                }
                // A worker that fails on the way (here its look for a window showing the thread) still names the machine.
                worker.inWorker("(self.clients.matchAll = () => Promise.reject(new Error('broken for the test')), 'broken')");
                worker.deliver(approval);
                assertThat(worker.awaitNotifications(1).get(0).path("title").asString()).endsWith(" is waiting for your approval");
                worker.inWorker("delete self.clients.matchAll, 'mended'");
                phone.evaluate("navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.forEach(n => n.close()))");

                // The approved turn finished, and this phone asked to hear of it: sealed, naming no approval.
                JsonNode ended = nextPayload(thisPhone, "turnEnded");
                assertThat(ended.has("approvalId")).isFalse();
                assertThat(ended.path("sealed").isString()).as("the thread travels sealed for this device").isTrue();
                assertThat(ended.toString()).doesNotContain("from-the-lock-screen");
                assertThat(worker.handle(ended)).isEqualTo("shown");
                JsonNode finished = notifications(phone).get(0);
                assertThat(finished.path("title").asString()).endsWith(": Codex finished");
                assertThat(finished.path("body").asString()).as("the thread's title, its first prompt").contains("from-the-lock-screen");
                String threadId = threadPath.substring(threadPath.lastIndexOf('/') + 1);
                assertThat(finished.path("tag").asString()).isEqualTo("turn-" + threadId);
                var unopened = (tools.jackson.databind.node.ObjectNode) ended.deepCopy();
                unopened.remove("sealed");
                assertThat(worker.handle(unopened)).isEqualTo("shown");
                JsonNode plainTurn = notifications(phone).stream().filter(n -> !n.path("tag").asString().equals("turn-" + threadId))
                        .findFirst().orElseThrow();
                assertThat(plainTurn.path("title").asString()).endsWith(" finished a turn").doesNotContain(":");
                phone.evaluate("navigator.serviceWorker.ready.then(r => r.getNotifications({tag: 'turn-" + desktop.machineId
                        + "'})).then(ns => ns.forEach(n => n.close()))");
                // A tap opens the thread.
                assertThat(worker.click("turn-" + threadId, "")).isEqualTo("opened");
                await().atMost(WAIT).until(() -> java.net.URI.create(phone.url()).getPath().equals(threadPath));
                assertThat(notifications(phone)).isEmpty();

                // A second approval; a tap on the body opens the thread with its card in view.
                phone.navigate(plane.url + threadPath);
                expect(phone.locator(".working")).isHidden();
                phone.getByLabel("Message to Codex").fill("CMD: echo at-the-desk > desk.txt");
                button(phone, "Send").click();
                expect(phone.locator("article.approval")).containsText("at-the-desk");
                phone.navigate(plane.url + "/account");
                JsonNode second = nextPayload(thisPhone, "approval");
                worker.deliver(second);
                worker.awaitNotifications(1);
                assertThat(worker.click(second.path("approvalId").asString(), "")).isEqualTo("opened");
                Locator card = phone.locator("article.approval.revealed");
                expect(card).containsText("at-the-desk");
                assertThat(phone.url()).endsWith(threadPath + "?approval=" + second.path("approvalId").asString());
                assertThat(phone.evaluate("document.activeElement.dataset.approvalId")).isEqualTo(second.path("approvalId").asString());
                assertThat(notifications(phone)).isEmpty();

                // Denied at the desk; an Approve from a notification still showing it changes nothing.
                button(phone, "Deny").click();
                expect(card).hasCount(0);
                assertThat(worker.clickStale(second, "approve")).isEqualTo("answered");
                assertThat(work.resolve("desk.txt")).doesNotExist();
                // While the thread is on screen, a push for it shows nothing: the card is there already.
                assertThat(worker.handle(second)).isEqualTo("skipped");

                // Signed out elsewhere with no FlyDex page open: the worker's refresh is refused with
                // session_revoked, and it forgets this browser's keys as the page would.
                String session = (String) phone.evaluate("fetch('/api/me').then(r => r.json()).then(me => me.session.id)");
                phone.navigate("about:blank");
                assertThat(worker.databases()).contains("flydex-e2e");
                assertThat(desktop.owner.delete("/api/auth/sessions/" + session).status()).isEqualTo(204);
                assertThat(worker.clickStale(second, "approve")).isEqualTo("signedOut");
                assertThat(worker.databases()).doesNotContain("flydex-e2e");
            }
        }
    }

    /** The same base64url text with one bit of its last character's value changed. */
    private static String flipped(String text) {
        char last = text.charAt(text.length() - 1);
        return text.substring(0, text.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}

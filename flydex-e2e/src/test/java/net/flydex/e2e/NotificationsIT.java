package net.flydex.e2e;

import static net.flydex.e2e.Ui.button;
import static net.flydex.e2e.Ui.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.PushBrowser;
import net.flydex.testkit.PushDelivery;
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
                assertThat(phone.evaluate("async body => { const e2e = await import('/assets/js/e2e.js');"
                        + " const store = await import('/assets/js/e2e-store.js');"
                        + " body.deviceId = await e2e.deviceId((await store.loadDeviceKeys()).publicKey);"
                        + " return fetch('/api/push/subscriptions', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                        + " body: JSON.stringify(body)}).then(r => r.status); }", thisPhone.toJson())).isEqualTo(201);
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
                JsonNode shown = await().atMost(WAIT).until(() -> notifications(phone), n -> n.size() == 1).get(0);
                assertThat(shown.path("title").asString()).endsWith(": Codex asks to run a command");
                assertThat(shown.path("body").asString()).contains("echo from-the-lock-screen > lock.txt");
                assertThat(shown.path("tag").asString()).isEqualTo(approval.path("approvalId").asString());
                assertThat(shown.path("actions").toString()).isEqualTo("[\"Approve\",\"Deny\"]");

                // Approve, as a tap on the button would: the route relays it, the real helper lets Codex run it.
                assertThat(worker.click(approval.path("approvalId").asString(), "approve")).isEqualTo("approved");
                await().atMost(WAIT).until(() -> Files.exists(work.resolve("lock.txt")));
                assertThat(Files.readString(work.resolve("lock.txt"))).isEqualTo("from-the-lock-screen\n");
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
                await().atMost(WAIT).until(() -> notifications(phone), n -> n.size() == 1);
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
            }
        }
    }

    /** The same base64url text with one bit of its last character's value changed. */
    private static String flipped(String text) {
        char last = text.charAt(text.length() - 1);
        return text.substring(0, text.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    /** The next push of this type the fake push service decrypted for this subscription. */
    private static JsonNode nextPayload(PushBrowser browser, String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            PushDelivery delivery = browser.next(Duration.ofSeconds(5));
            if (delivery != null && delivery.payload().isPresent() && delivery.payload().get().path("type").asString("").equals(type)) {
                assertThat(delivery.problem()).isEmpty();
                return delivery.payload().get();
            }
        }
        throw new AssertionError("no " + type + " push within " + WAIT);
    }

    /** What the service worker's registration shows now: title, body, tag and action titles of each notification. */
    private static List<JsonNode> notifications(Page page) {
        String json = (String) page.evaluate("navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => JSON.stringify(ns.map(n =>"
                + " ({title: n.title, body: n.body, tag: n.tag, actions: (n.actions ?? []).map(a => a.title)}))))");
        List<JsonNode> list = new java.util.ArrayList<>();
        net.flydex.protocol.WireJson.mapper().readTree(json).forEach(list::add);
        return list;
    }

    /**
     * The page's service worker as the browser drives it: pushes in over CDP, clicks as calls of
     * its handler, run in the worker itself (CDP's Runtime.evaluate in the worker's target).
     */
    private static final class ServiceWorkerPort {
        private final Page page;
        private final CDPSession cdp;
        private final String registrationId;
        private final CDPSession browserCdp;
        private final String workerSession;
        private final Map<Integer, CompletableFuture<JsonObject>> replies = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();

        ServiceWorkerPort(Page page) throws Exception {
            this.page = page;
            page.waitForFunction("navigator.serviceWorker.controller !== null");
            this.cdp = page.context().newCDPSession(page);
            var registration = new CompletableFuture<String>();
            cdp.on("ServiceWorker.workerRegistrationUpdated", event -> event.getAsJsonArray("registrations").forEach(r -> {
                if (!r.getAsJsonObject().get("isDeleted").getAsBoolean()) {
                    registration.complete(r.getAsJsonObject().get("registrationId").getAsString());
                }
            }));
            cdp.send("ServiceWorker.enable");
            this.registrationId = pumped(registration);
            this.browserCdp = page.context().browser().newBrowserCDPSession();
            String targetId = null;
            for (var target : browserCdp.send("Target.getTargets").getAsJsonArray("targetInfos")) {
                var info = target.getAsJsonObject();
                if (info.get("type").getAsString().equals("service_worker") && info.get("url").getAsString().endsWith("/sw.js")) {
                    targetId = info.get("targetId").getAsString();
                }
            }
            var attach = new JsonObject();
            attach.addProperty("targetId", targetId);
            attach.addProperty("flatten", false);
            browserCdp.on("Target.receivedMessageFromTarget", event -> {
                var message = com.google.gson.JsonParser.parseString(event.get("message").getAsString()).getAsJsonObject();
                var waiting = message.has("id") ? replies.remove(message.get("id").getAsInt()) : null;
                if (waiting != null) {
                    waiting.complete(message);
                }
            });
            this.workerSession = browserCdp.send("Target.attachToTarget", attach).get("sessionId").getAsString();
        }

        /** Playwright hands CDP events over only while the test is in one of its calls: wait in small ones. */
        private <T> T pumped(CompletableFuture<T> future) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!future.isDone() && System.nanoTime() < deadline) {
                page.waitForTimeout(50);
            }
            return future.get(1, TimeUnit.SECONDS);
        }

        void deliver(JsonNode payload) {
            var params = new JsonObject();
            params.addProperty("origin", java.net.URI.create(page.url()).resolve("/").toString().replaceAll("/$", ""));
            params.addProperty("registrationId", registrationId);
            params.addProperty("data", payload.toString());
            cdp.send("ServiceWorker.deliverPushMessage", params);
        }

        /** Runs {@code expression} (a promise of a string) in the worker and answers that string. */
        private String inWorker(String expression) throws Exception {
            int id = ids.incrementAndGet();
            var reply = new CompletableFuture<JsonObject>();
            replies.put(id, reply);
            var evaluate = new JsonObject();
            evaluate.addProperty("id", id);
            evaluate.addProperty("method", "Runtime.evaluate");
            var params = new JsonObject();
            params.addProperty("expression", expression);
            params.addProperty("awaitPromise", true);
            params.addProperty("returnByValue", true);
            evaluate.add("params", params);
            var send = new JsonObject();
            send.addProperty("sessionId", workerSession);
            send.addProperty("message", evaluate.toString());
            browserCdp.send("Target.sendMessageToTarget", send);
            JsonObject result = pumped(reply).getAsJsonObject("result");
            if (result.has("exceptionDetails")) {
                throw new AssertionError("in the service worker: " + result.get("exceptionDetails"));
            }
            return result.getAsJsonObject("result").get("value").getAsString();
        }

        private static String js(Object value) {
            return net.flydex.protocol.WireJson.mapper().writeValueAsString(value);
        }

        /** Calls the worker's notificationclick handler for the notification with this tag, as a tap on {@code action} would. */
        String click(String tag, String action) throws Exception {
            return inWorker("self.registration.getNotifications({tag: " + js(tag) + "}).then(([n]) => self.handleNotificationClick(n, "
                    + js(action) + "))");
        }

        /** The same for a notification no longer on screen (shown before the approval was answered elsewhere). */
        String clickStale(JsonNode payload, String action) throws Exception {
            var data = Map.of("machineId", payload.path("machineId").asString(), "approvalId", payload.path("approvalId").asString(),
                    "idempotencyKey", java.util.UUID.randomUUID().toString(), "url", payload.path("url").asString());
            return inWorker("self.handleNotificationClick({data: " + js(data) + ", close() {}}, " + js(action) + ")");
        }

        /** Runs the worker's push handler on this payload and answers what it did. */
        String handle(JsonNode payload) throws Exception {
            return inWorker("self.handlePush(" + payload + ")");
        }
    }
}

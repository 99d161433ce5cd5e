package net.flydex.e2e;

import static net.flydex.e2e.ChromiumTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.flydex.testkit.PushBrowser;
import net.flydex.testkit.PushDelivery;
import tools.jackson.databind.JsonNode;

/**
 * The page's service worker as the browser drives it: pushes in over CDP, clicks as calls of
 * its handler, run in the worker itself (CDP's Runtime.evaluate in the worker's target). Headless
 * Chromium cannot subscribe (its push service is Google's): tests post a subscription pointing at
 * the loopback fake push service, read what the control plane sent there ({@link #nextPayload}),
 * and deliver it here.
 */
final class ServiceWorkerPort {
    private final Page page;
    private final CDPSession cdp;
    private final String registrationId;
    private final CDPSession browserCdp;
    private final String workerSession;
    private final Map<Integer, CompletableFuture<JsonObject>> replies = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the browser said about the worker (versions, errors, the worker's own exceptions and console), for a failure's message. */
    private final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
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
        cdp.on("ServiceWorker.workerVersionUpdated", event -> events.add("version " + event.get("versions")));
        cdp.on("ServiceWorker.workerErrorReported", event -> events.add("error " + event.get("errorMessage")));
        cdp.send("ServiceWorker.enable");
        this.registrationId = pumped(registration);
        this.browserCdp = page.context().browser().newBrowserCDPSession();
        // Other contexts (a desktop page on the same control plane) run a worker of the same URL: take this page's.
        String context = cdp.send("Target.getTargetInfo").getAsJsonObject("targetInfo").get("browserContextId").getAsString();
        String targetId = null;
        for (var target : browserCdp.send("Target.getTargets").getAsJsonArray("targetInfos")) {
            var info = target.getAsJsonObject();
            if (info.get("type").getAsString().equals("service_worker") && info.get("url").getAsString().endsWith("/sw.js")
                    && info.get("browserContextId").getAsString().equals(context)) {
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
            } else if (message.has("method")) {
                events.add("worker " + message);
            }
        });
        this.workerSession = browserCdp.send("Target.attachToTarget", attach).get("sessionId").getAsString();
        toWorker(ids.incrementAndGet(), "Runtime.enable", new JsonObject());
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
    String inWorker(String expression) throws Exception {
        int id = ids.incrementAndGet();
        var reply = new CompletableFuture<JsonObject>();
        replies.put(id, reply);
        var params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("awaitPromise", true);
        params.addProperty("returnByValue", true);
        toWorker(id, "Runtime.evaluate", params);
        JsonObject result = pumped(reply).getAsJsonObject("result");
        if (result.has("exceptionDetails")) {
            throw new AssertionError("in the service worker: " + result.get("exceptionDetails"));
        }
        return result.getAsJsonObject("result").get("value").getAsString();
    }

    private void toWorker(int id, String method, JsonObject params) {
        var message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        var send = new JsonObject();
        send.addProperty("sessionId", workerSession);
        send.addProperty("message", message.toString());
        browserCdp.send("Target.sendMessageToTarget", send);
    }

    /**
     * The notifications shown once there are {@code count}; failing, says what the browser
     * reported about the worker meanwhile (a push that shows nothing leaves no other trace).
     */
    List<JsonNode> awaitNotifications(int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonNode> shown = notifications(page);
        while (shown.size() != count && System.nanoTime() < deadline) {
            page.waitForTimeout(100);
            shown = notifications(page);
        }
        if (shown.size() != count) {
            throw new AssertionError("expected " + count + " notifications within " + WAIT + ", shown " + shown + "; the worker: "
                    + String.join("\n", events));
        }
        return shown;
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

    /** The names of the IndexedDB databases the worker's origin holds, as JSON. */
    String databases() throws Exception {
        return inWorker("indexedDB.databases().then(all => JSON.stringify(all.map(db => db.name)))");
    }

    /** Runs the worker's push handler on this payload and answers what it did. */
    String handle(JsonNode payload) throws Exception {
        return inWorker("self.handlePush(" + payload + ")");
    }

    /**
     * Posts {@code browser}'s subscription from the page's session, naming this browser's device id
     * as push.js does (the helper seals each push for it); answers the HTTP status.
     */
    static int subscribe(Page page, PushBrowser browser) {
        return (Integer) page.evaluate("async body => { const e2e = await import('/assets/js/e2e.js');"
                + " const store = await import('/assets/js/e2e-store.js');"
                + " body.deviceId = await e2e.deviceId((await store.loadDeviceKeys()).publicKey);"
                + " return fetch('/api/push/subscriptions', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify(body)}).then(r => r.status); }", browser.toJson());
    }

    /** The next push of this type the fake push service decrypted for this subscription. */
    static JsonNode nextPayload(PushBrowser browser, String type) throws InterruptedException {
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
    static List<JsonNode> notifications(Page page) {
        String json = (String) page.evaluate("navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => JSON.stringify(ns.map(n =>"
                + " ({title: n.title, body: n.body, tag: n.tag, actions: (n.actions ?? []).map(a => a.title)}))))");
        List<JsonNode> list = new java.util.ArrayList<>();
        net.flydex.protocol.WireJson.mapper().readTree(json).forEach(list::add);
        return list;
    }
}

package net.flydex.e2e;

import static net.flydex.e2e.Ui.PASSWORD;
import static net.flydex.e2e.Ui.button;
import static net.flydex.e2e.Ui.expect;
import static net.flydex.e2e.Ui.mark;
import static net.flydex.e2e.Ui.heading;
import static net.flydex.e2e.Ui.signUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.flydex.server.billing.FakeStripe;
import net.flydex.server.billing.StripeWebhooks;
import net.flydex.testkit.FakePushService;
import net.flydex.testkit.MutableClock;
import net.flydex.testkit.PushBrowser;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The web app in Debian's Chromium against a real control plane, a real helper process and the
 * real Codex (scripted model): a desktop context shows the QR, the test reads it from a
 * screenshot and opens it in a phone context, which signs up, approves, and steers Codex through
 * approvals. Screenshots of every page land in target/screenshots.
 */
class WebAppIT extends ChromiumTest {
    private final SharedCodex codex = SharedCodex.get();
    private final List<HelperProcess> helpers = new ArrayList<>();

    @AfterEach
    void stopHelpers() {
        helpers.forEach(HelperProcess::close);
    }

    /**
     * Starts a helper process against the control plane; with {@code realCodex} false its Codex
     * binary does not exist (the helper runs and reports Codex missing: a cheap desktop).
     */
    private int startHelper(boolean realCodex, String... extraArgs) throws Exception {
        int port = ControlPlane.freePort();
        Path home = dir.resolve("codex-" + port);
        Path bin = realCodex ? codex.install().binary() : dir.resolve("no-codex");
        Path codexHome = realCodex ? codex.privateHome(home).dir() : Files.createDirectories(home);
        var args = new ArrayList<>(List.of(PairedDesktop.prepend("run", HelperProcess.runArgs(port, dir.resolve("state-" + port), plane.url,
                codexHome, bin))));
        args.addAll(List.of(extraArgs));
        HelperProcess helper = HelperProcess.start(port, args.toArray(String[]::new));
        helpers.add(helper);
        await().atMost(WAIT).until(() -> helper.health().path("status").asString("").equals("ok"));
        if (realCodex) {
            // As the pairing bench does: the measured ceremony starts with the desktop's Codex up.
            await().atMost(WAIT).until(() -> helper.health().path("runtime").path("codex").asString("").equals("ready"));
        }
        return port;
    }

    /** Opens the desktop page and reads the pair URL from a screenshot of it, as a phone camera would. */
    private String scanQr(Page desktop, String screenshot) {
        expect(desktop.locator("#qr[src^='data:image/svg+xml']")).isVisible();
        String url = await().atMost(WAIT).until(() -> Chromium.scanQr(desktop.locator("#qr"), screenshot), Optional::isPresent).orElseThrow();
        assertThat(url).startsWith(plane.url + "/pair#");
        return url;
    }

    @Test
    void aPhonePairsTheDesktopByItsQrThenSteersCodexThroughApprovals() throws Exception {
        plane = new ControlPlane();
        int port = startHelper(true);
        Path work = Files.createDirectories(dir.resolve("work"));

        long pairingStarted = System.nanoTime();
        Page desktop = chromium.desktop(port);
        desktop.navigate(plane.url.toString());
        expect(desktop.locator(".helper-status")).containsText("Helper running · Codex is ready");
        String pairUrl = scanQr(desktop, "desktop-1-landing");
        long qrShown = System.nanoTime();
        double qrOnScreen = mark(desktop, "flydex:qr-shown");

        Page phone = chromium.phone();
        phone.navigate(pairUrl);
        expect(heading(phone, "Create your FlyDex account")).isVisible();
        assertThat(phone.url()).as("the claim code leaves the address bar").isEqualTo(plane.url + "/pair");
        Chromium.screenshot(phone, "phone-1-signup");
        signUp(phone, "phone@example.com");
        expect(heading(phone, "Link desktop")).isVisible();
        expect(phone.locator(".consent")).containsText("Requested from");
        Chromium.screenshot(phone, "phone-2-consent");
        String helperFingerprint = phone.locator("#helper-fingerprint").textContent();
        assertThat(helperFingerprint).matches("([0-9A-F]{4} ){3}[0-9A-F]{4}");
        var approveBox = button(phone, "Approve").boundingBox();
        var denyBox = button(phone, "Deny").boundingBox();
        assertThat(denyBox.width).as("Deny as prominent as Approve").isEqualTo(approveBox.width);
        assertThat(denyBox.height).isEqualTo(approveBox.height);
        button(phone, "Approve").click();
        expect(phone.getByText("Desktop linked.")).isVisible();
        long approved = System.nanoTime();

        expect(heading(desktop, "Codex ready")).isVisible();
        long ready = System.nanoTime();
        expect(desktop.locator(".steps")).containsText("Starting Codex");
        Chromium.screenshot(desktop, "desktop-2-codex-ready");

        phone.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Go to your machines")).click();
        Locator machine = phone.locator(".card-main").first();
        expect(machine).containsText("Online · Codex is ready");
        // Pairing introduced this phone to the helper: the card says so, with the key the consent page showed.
        Locator trust = phone.locator(".card .trust").first();
        expect(trust).containsText("Encrypted");
        expect(trust.locator(".fingerprint")).hasText(helperFingerprint);
        Chromium.screenshot(phone, "phone-3-machines");
        machine.click();
        expect(phone.getByText("No threads yet")).isVisible();
        phone.getByText("New thread").click();
        phone.getByLabel("Folder on the desktop (optional)").fill(work.toString());
        phone.getByLabel("First prompt (optional)").fill("CMD: echo hello-from-phone");
        Chromium.screenshot(phone, "phone-4-new-thread");
        button(phone, "Start thread").click();

        Locator card = phone.locator("article.approval");
        expect(card).containsText("echo hello-from-phone");
        expect(card).containsText(work.toString());
        Chromium.screenshot(phone, "phone-5-approval");
        desktop.navigate(plane.url + "/approvals");
        Locator desktopCard = desktop.locator("article.approval");
        expect(desktopCard).containsText("echo hello-from-phone");
        Chromium.screenshot(desktop, "desktop-3-approvals");
        String threadPath = desktopCard.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Open thread")).getAttribute("href");
        desktop.navigate(plane.url + threadPath.substring(0, threadPath.indexOf("/threads/")));
        expect(desktop.locator(".card-main .badge")).hasText("Needs your approval");
        desktop.navigate(plane.url + "/approvals");
        expect(desktopCard).hasCount(1);

        card.locator("button", new Locator.LocatorOptions().setHasText("Approve")).first().click();
        expect(phone.locator(".item.command .output")).containsText("hello-from-phone");
        expect(phone.locator(".item.agent").last()).containsText("Tool finished. Output was:");
        expect(phone.locator(".item.agent").last()).containsText("hello-from-phone");
        expect(card).hasCount(0);
        expect(desktopCard).hasCount(0);
        expect(desktop.getByText("Nothing is waiting for you")).isVisible();
        Chromium.screenshot(phone, "phone-6-thread");

        phone.context().setOffline(true);
        expect(phone.locator("#offline")).containsText("offline");
        Chromium.screenshot(phone, "phone-7-offline");
        phone.context().setOffline(false);
        expect(phone.locator("#offline")).isHidden();

        expect(phone.locator(".working")).isHidden();
        phone.getByLabel("Message to Codex").fill("CMD: echo no > declined.txt");
        button(phone, "Send").click();
        expect(card).containsText("declined.txt");
        button(phone, "Deny").click();
        expect(phone.locator(".item.command.declined")).containsText("Denied: it did not run");
        expect(phone.locator(".item.agent").last()).containsText("rejected by user");
        expect(card).hasCount(0);
        assertThat(work.resolve("declined.txt")).doesNotExist();

        expect(phone.locator(".working")).isHidden();
        phone.getByLabel("Message to Codex").fill("PATCH: notes.txt hello from the phone");
        button(phone, "Send").click();
        expect(card).containsText("Apply these changes?");
        expect(card.locator(".change")).containsText("notes.txt");
        expect(card.locator(".diff .add")).hasText("+hello from the phone");
        Chromium.screenshot(phone, "phone-5b-file-change");
        button(phone, "Approve").click();
        expect(phone.locator(".item.files").last()).containsText("notes.txt");
        expect(card).hasCount(0);
        await().atMost(WAIT).until(() -> Files.exists(work.resolve("notes.txt")));

        expect(phone.locator(".working")).isHidden();
        phone.getByLabel("Message to Codex").fill("CMD: echo never > never.txt");
        button(phone, "Send").click();
        expect(card).containsText("never.txt");
        button(phone, "Interrupt").click();
        expect(phone.locator(".item.note").last()).containsText("Interrupted");
        expect(card).hasCount(0);
        assertThat(work.resolve("never.txt")).doesNotExist();

        phone.reload();
        expect(phone.locator(".view[data-ready]")).hasCount(1);
        double firstRender = mark(phone, "flydex:thread-ready");
        double booted = mark(phone, "flydex:boot");
        double dataWait = mark(phone, "flydex:thread-answered") - mark(phone, "flydex:thread-requested");
        expect(phone.locator(".item.user").first()).containsText("CMD: echo hello-from-phone");
        expect(phone.locator(".item.command .output").first()).containsText("hello-from-phone");

        phone.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("‹ Threads")).click();
        expect(phone.locator(".card-main").first()).containsText("CMD: echo hello-from-phone");
        expect(phone.locator(".card-main .badge")).hasCount(0);
        Chromium.screenshot(phone, "phone-8-threads");
        phone.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        phone.goBack();
        expect(phone.locator(".view[data-ready]")).hasCount(1);
        Chromium.screenshot(phone, "phone-8-thread-dark");

        phone.navigate(plane.url + "/machines");
        button(phone, "Rename").click();
        phone.getByLabel("New name").fill("Work laptop");
        button(phone, "Save").click();
        expect(phone.locator(".card-main").first()).containsText("Work laptop");
        button(phone, "Remove").click();
        expect(phone.locator(".confirm")).containsText("Remove Work laptop? Its helper is disconnected at once.");
        Chromium.screenshot(phone, "phone-9-remove-machine");
        button(phone, "Keep").click();
        expect(phone.locator(".confirm")).hasCount(0);
        button(phone, "Remove").click();
        button(phone, "Remove").click();
        expect(phone.getByText("Work laptop was removed.")).isVisible();
        expect(phone.getByText("No desktop linked yet")).isVisible();
        await().atMost(WAIT).until(() -> helpers.getFirst().health().path("helper").path("state").asString("").equals("revoked"));

        System.out.printf("WEB-BENCH pairing ceremony (desktop opens the page -> Codex ready): %d ms = page open -> QR read %d ms"
                + " (QR on screen %.0f ms after navigation start) + phone signs up and approves %d ms + approved -> Codex ready %d ms%n",
                millis(pairingStarted, ready), millis(pairingStarted, qrShown), qrOnScreen, millis(qrShown, approved), millis(approved, ready));
        System.out.printf("WEB-BENCH thread page first render on the phone (navigation start -> history shown): %.0f ms;"
                + " scripts running at %.0f ms; thread/read through the relay %.0f ms (render/read %.2fx)%n", firstRender, booted, dataWait,
                firstRender / dataWait);
    }

    /**
     * A push right after the first pairing, before the phone ever listed its machines: the
     * service worker has only the pairing's pending helper key, and opens the sealed content with
     * it (which ties the key to that machine), so the notification says what Codex asks and
     * Approve works.
     */
    @Test
    void aPushRightAfterTheFirstPairingShowsItsSealedContent() throws Exception {
        try (var pushService = FakePushService.start()) {
            plane = ControlPlane.trustingPush(pushService.prefix());
            int port = startHelper(true);
            Path work = Files.createDirectories(dir.resolve("work"));
            Page desktop = chromium.desktop(port);
            desktop.navigate(plane.url.toString());
            String pairUrl = scanQr(desktop, "desktop-qr-first-push");

            Page pairing = chromium.phone();
            pairing.navigate(pairUrl);
            signUp(pairing, "first-push@example.com");
            button(pairing, "Approve").click();
            expect(pairing.getByText("Desktop linked.")).isVisible();
            pairing.context().grantPermissions(List.of("notifications"));
            PushBrowser thisPhone = pushService.newBrowser();
            assertThat(ServiceWorkerPort.subscribe(pairing, thisPhone)).isEqualTo(201);
            expect(heading(desktop, "Codex ready")).isVisible();

            // The page is closed before it lists the machines; what remains is a page that runs none of the app.
            Page phone = pairing.context().newPage();
            phone.navigate(plane.url + "/offline.html");
            pairing.close();
            assertThat(phone.evaluate("import('/assets/js/e2e-store.js').then(s => s.hasPending())")).as("the pin still waits for its machine")
                    .isEqualTo(true);
            var worker = new ServiceWorkerPort(phone);

            desktop.navigate(plane.url + "/machines");
            desktop.locator(".card-main").first().click();
            desktop.getByText("New thread").click();
            desktop.getByLabel("Folder on the desktop (optional)").fill(work.toString());
            desktop.getByLabel("First prompt (optional)").fill("CMD: echo first-push > first.txt");
            button(desktop, "Start thread").click();
            expect(desktop.locator("article.approval")).containsText("first-push");

            JsonNode approval = ServiceWorkerPort.nextPayload(thisPhone, "approval");
            assertThat(approval.path("sealed").isString()).isTrue();
            worker.deliver(approval);
            JsonNode shown = worker.awaitNotifications(1).get(0);
            assertThat(shown.path("title").asString()).endsWith(": Codex asks to run a command");
            assertThat(shown.path("body").asString()).contains("echo first-push > first.txt");
            assertThat(shown.path("actions").toString()).isEqualTo("[\"Approve\",\"Deny\"]");
            String machineId = approval.path("machineId").asString();
            assertThat(phone.evaluate("id => import('/assets/js/e2e-store.js').then(async s => !(await s.hasPending())"
                    + " && (await s.pinnedHelper(id)).fingerprint.length > 0)", machineId)).as("the pin is that machine's now").isEqualTo(true);

            assertThat(worker.click(approval.path("approvalId").asString(), "approve")).isEqualTo("approved");
            await().atMost(WAIT).until(() -> Files.exists(work.resolve("first.txt")));
        }
    }

    /**
     * Three ways of steering that need more than an approve button, on one linked desktop: Codex
     * asks a question (Plan mode) and the answer picked on the phone continues the turn; "Approve
     * for this session" lets the identical command run again without a card; and a thread saved
     * on disk but not loaded in the restarted helper's Codex opens with its history and takes a
     * new prompt with its own sandbox.
     */
    @Test
    void aPhoneAnswersCodexApprovesACommandForTheSessionAndContinuesAThreadAfterTheHelperRestarted() throws Exception {
        plane = new ControlPlane();
        try (var desktop = PairedDesktop.link(plane, dir, "steer@example.com")) {
            Path work = Files.createDirectories(dir.resolve("work"));
            Page phone = chromium.phone();
            Ui.signIn(phone, plane.url, "steer@example.com");
            Ui.addDevice(phone, plane.url, desktop);
            phone.navigate(plane.url + "/machines/" + desktop.machineId);
            phone.getByText("New thread").click();
            phone.getByLabel("Folder on the desktop (optional)").fill(work.toString());
            button(phone, "Start thread").click();
            expect(phone.locator(".view[data-ready]")).hasCount(1);
            Locator card = phone.locator("article.approval");
            Locator prompt = phone.getByLabel("Message to Codex");

            // 1. Codex asks (request_user_input, offered in Plan mode only); the phone picks an option.
            phone.getByLabel("Plan mode: Codex plans first and may ask you questions").check();
            prompt.fill("ASK: Which colour should the button be? | Blue | Green");
            button(phone, "Send").click();
            expect(card).containsText("Codex asks you");
            expect(card.locator("legend")).containsText("Which colour should the button be?");
            expect(phone.locator("p.sub[role=status]")).containsText("Waiting for your answer");
            Chromium.screenshot(phone, "phone-13-question");
            phone.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("‹ Threads")).click();
            expect(phone.locator(".card-main .badge")).hasText("Codex asks you");
            expect(phone.locator(".card-main")).containsText("Waiting for your answer");
            phone.locator(".card-main").first().click();
            card.getByLabel("Green").check();
            button(phone, "Send answer").click();
            expect(phone.locator(".item.agent").last()).containsText("{\"answers\":{\"q1\":{\"answers\":[\"Green\"]}}}");
            expect(card).hasCount(0);

            // 2. Approve for this session: the same command again runs without a card (untrusted asks before every command).
            expect(phone.locator(".working")).isHidden();
            phone.getByLabel("Plan mode: Codex plans first and may ask you questions").uncheck();
            prompt.fill("CMD: echo once >> session.txt");
            button(phone, "Send").click();
            expect(card).containsText("echo once >> session.txt");
            button(phone, "Approve for this session").click();
            expect(card).hasCount(0);
            await().atMost(WAIT).until(() -> Files.exists(work.resolve("session.txt")));
            expect(phone.locator(".working")).isHidden();
            prompt.fill("CMD: echo once >> session.txt");
            button(phone, "Send").click();
            expect(phone.locator(".item.command")).hasCount(2);
            expect(phone.locator(".item.command").last()).containsText("Done");
            expect(card).hasCount(0);
            assertThat(Files.readString(work.resolve("session.txt"))).isEqualTo("once\nonce\n");

            // 3. The helper (and its private Codex) restarts: the thread is on disk only, not loaded.
            desktop.restartHelper();
            await().atMost(WAIT).until(() -> desktop.helper.health().path("runtime").path("codex").asString("").equals("ready"));
            phone.navigate(plane.url + "/machines/" + desktop.machineId);
            expect(phone.locator(".card-main").first()).containsText("Saved");
            phone.locator(".card-main").first().click();
            expect(phone.locator(".view[data-ready]")).hasCount(1);
            expect(phone.locator(".item.user").first()).containsText("ASK: Which colour should the button be?");
            expect(phone.locator(".item.command")).hasCount(2);
            prompt.fill("CMD: echo after-restart > resumed.txt");
            button(phone, "Send").click();
            expect(card).containsText("echo after-restart > resumed.txt");
            button(phone, "Approve").click();
            expect(phone.locator(".item.command")).hasCount(3);
            expect(phone.locator(".item.command").last()).containsText("Done · exit 0");
            assertThat(Files.readString(work.resolve("resumed.txt"))).as("the sandbox is still workspace-write").isEqualTo("after-restart\n");
            Chromium.screenshot(phone, "phone-14-resumed-thread");

            // The helper restarts while the thread stays open on the phone: the next prompt resumes it first.
            desktop.restartHelper();
            await().atMost(WAIT).until(() -> desktop.helper.health().path("bridge").path("state").asString("").equals("connected")
                    && desktop.helper.health().path("runtime").path("codex").asString("").equals("ready"));
            prompt.fill("CMD: echo still-open > kept.txt");
            button(phone, "Send").click();
            expect(card).containsText("echo still-open > kept.txt");
            button(phone, "Approve").click();
            expect(phone.locator(".item.command")).hasCount(4);
            expect(phone.locator(".item.command").last()).containsText("Done · exit 0");
            assertThat(Files.readString(work.resolve("kept.txt"))).isEqualTo("still-open\n");
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }


    @Test
    void theLandingPageTellsAMissingHelperFromABlockedOneAndARunningOne() throws Exception {
        plane = new ControlPlane();
        Page missing = chromium.desktop(ControlPlane.freePort());
        missing.navigate(plane.url.toString());
        expect(missing.locator(".helper-status")).containsText("Helper not found on this computer");
        expect(missing.locator("#install-command")).hasText("npx -y --prefer-online flydex@latest");
        expect(missing.locator("#qr")).hasCount(0);
        Chromium.screenshot(missing, "desktop-0-helper-missing");

        int foreign = startHelper(false, "--allowed-origin", "https://elsewhere.example");
        Page blocked = chromium.desktop(foreign);
        blocked.navigate(plane.url.toString());
        expect(blocked.locator(".helper-status")).containsText("Your browser blocked this page from reaching the helper");

        int running = startHelper(false);
        Page ok = chromium.desktop(running);
        ok.navigate(plane.url.toString());
        expect(ok.locator(".helper-status")).containsText("Helper running · Codex is not installed");
        expect(ok.locator("#qr")).isVisible();
    }

    @Test
    void aDesktopSignedInOnItsOwnIsLinkedWithoutAQrAndSaysWhatStopsCodex() throws Exception {
        plane = new ControlPlane();
        Page desktop = chromium.desktop(startHelper(false));
        desktop.navigate(plane.url + "/signin?next=/");
        button(desktop, "Create an account").click();
        signUp(desktop, "desk@example.com");

        expect(heading(desktop, "2. Link this desktop")).isVisible();
        expect(desktop.locator("#qr")).hasCount(0);
        button(desktop, "Link this desktop").click();

        expect(desktop.locator(".steps")).containsText("This desktop registered its key");
        expect(desktop.getByRole(AriaRole.ALERT)).containsText("Codex is not installed on this desktop");
        expect(desktop.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("What to do"))).hasAttribute("href", "/troubleshooting");
    }

    @Test
    void anExpiredQrTellsThePhoneToGenerateAFreshOne() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        plane = new ControlPlane(clock);
        Page desktop = chromium.desktop(startHelper(false));
        desktop.navigate(plane.url.toString());
        String pairUrl = scanQr(desktop, "desktop-qr-to-expire");

        clock.advance(Duration.ofSeconds(121));
        Page phone = chromium.phone();
        phone.navigate(pairUrl);
        signUp(phone, "late@example.com");

        expect(phone.getByRole(AriaRole.ALERT)).containsText("This QR code has expired or was already used. Generate a fresh one on the desktop");
        Chromium.screenshot(phone, "phone-qr-expired");

        String fresh = await().atMost(WAIT).until(() -> scanQr(desktop, "desktop-qr-renewed"), url -> !url.equals(pairUrl));
        phone.navigate(fresh);
        expect(heading(phone, "Link desktop")).isVisible();
    }

    @Test
    void aQrAlreadyUsedByOneAccountIsRefusedToAnotherAndTheDesktopSaysWhyItIsNotReady() throws Exception {
        plane = new ControlPlane();
        Page desktop = chromium.desktop(startHelper(false));
        desktop.navigate(plane.url.toString());
        String pairUrl = scanQr(desktop, "desktop-qr-shared");

        Page owner = chromium.phone();
        owner.navigate(pairUrl);
        signUp(owner, "owner@example.com");
        button(owner, "Deny").focus();
        owner.keyboard().press("Tab");
        assertThat(owner.evaluate("document.activeElement.textContent")).as("focus order: Deny, then Approve").isEqualTo("Approve");
        owner.keyboard().press("Enter");
        expect(owner.getByText("Desktop linked.")).isVisible();

        Page stranger = chromium.phone();
        stranger.navigate(pairUrl);
        signUp(stranger, "stranger@example.com");
        expect(stranger.getByRole(AriaRole.ALERT)).containsText("expired or was already used");
        expect(stranger.locator(".account-line")).containsText("Signed in as stranger@example.com");
        button(stranger, "Use another account").click();
        expect(stranger.getByLabel("Email")).isVisible();

        expect(desktop.getByRole(AriaRole.ALERT)).containsText("Codex is not installed on this desktop");
        Chromium.screenshot(desktop, "desktop-codex-missing");
    }

    @Test
    void afterTheTrialTheAccountPageLeadsToStripeCheckoutAndShowsTheSubscriptionOnceStripeReportsIt() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        try (var stripe = new FakeStripe()) {
            plane = new ControlPlane(clock, Optional.of(stripe.settings()));
            Page phone = chromium.phone();
            phone.navigate(plane.url + "/signin?next=/account");
            button(phone, "Create an account").click();
            signUp(phone, "subscriber@example.com");
            expect(phone.locator("#billing")).containsText("Free trial");
            String accountId = (String) phone.evaluate("fetch('/api/me').then(r => r.json()).then(me => me.account.id)");

            clock.advance(Duration.ofHours(73));
            phone.reload();
            expect(phone.locator("#billing")).containsText("No active plan");
            expect(phone.locator("#billing")).containsText("Your trial has ended");
            Chromium.screenshot(phone, "phone-11-trial-ended");

            leaveForStripe(phone, "Subscribe · $10/month", "https://checkout.stripe.test/**");
            assertThat(stripe.requests("/v1/checkout/sessions")).singleElement()
                    .satisfies(r -> assertThat(r.form()).containsEntry("client_reference_id", accountId));

            var webhooks = new StripeWebhooks(plane.url, clock);
            assertThat(webhooks.deliver(webhooks.event("evt_web_1", "checkout.session.completed", Map.of("id", "cs_test_1",
                    "object", "checkout.session", "mode", "subscription", "payment_status", "paid", "client_reference_id", accountId,
                    "customer", "cus_test_1", "subscription", "sub_test_1")))).isEqualTo(200);
            phone.navigate(plane.url + "/account/billing?checkout=success");
            expect(phone.locator("#billing")).containsText("Thank you!");
            expect(phone.locator("#billing")).containsText("Subscribed · $10/month");
            Chromium.screenshot(phone, "phone-12-subscribed");

            leaveForStripe(phone, "Manage subscription", "https://billing.stripe.test/**");
            assertThat(stripe.requests("/v1/billing_portal/sessions")).hasSize(1);
        }
    }

    /** Clicks a billing button and waits until the page went to the URL the fake Stripe handed out (served here, offline). */
    private static void leaveForStripe(Page page, String buttonName, String urlGlob) {
        page.route(urlGlob, route -> route.fulfill(new Route.FulfillOptions().setContentType("text/html").setBody("<h1>Stripe (test)</h1>")));
        button(page, buttonName).click();
        page.waitForURL(urlGlob);
    }

    @Test
    void theAccountPageShowsTheTrialSessionsAndBillingAndTheAppReconnectsAfterARestart() throws Exception {
        plane = new ControlPlane();
        Page phone = chromium.phone();
        phone.navigate(plane.url + "/account");
        expect(heading(phone, "Welcome to FlyDex")).isVisible();
        button(phone, "Create an account").click();
        signUp(phone, "billing@example.com");
        expect(heading(phone, "Account")).isVisible();
        expect(phone.locator("#billing")).containsText("Free trial");
        expect(phone.locator("#billing")).containsText("left in your trial");
        expect(phone.locator(".card").first()).containsText("You are here");
        Chromium.screenshot(phone, "phone-9-account");

        button(phone, "Subscribe now · $10/month").click();
        expect(phone.getByRole(AriaRole.ALERT)).containsText("Billing is not set up on this FlyDex server yet");

        Page laptop = chromium.desktop(ControlPlane.freePort());
        laptop.navigate(plane.url + "/signin");
        laptop.getByLabel("Email").fill("billing@example.com");
        laptop.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
        button(laptop, "Sign in").click();
        expect(heading(laptop, "Machines")).isVisible();
        expect(laptop.getByText("No desktop linked yet")).isVisible();

        phone.reload();
        Locator other = phone.locator("[aria-label='Signed-in devices'] .card", new Page.LocatorOptions().setHasNotText("You are here"));
        expect(other).hasCount(1);
        expect(other).containsText("Chrome on Linux"); // Playwright's Chromium, as its User-Agent says
        other.getByRole(AriaRole.BUTTON).click();
        expect(other).hasCount(0);
        expect(heading(laptop, "Welcome to FlyDex")).isVisible(); // its socket closed with 4401: back to sign-in

        phone.navigate(plane.url + "/machines");
        expect(heading(phone, "Machines")).isVisible();
        plane.stopNode();
        expect(phone.locator("#offline")).containsText("Reconnecting");
        Chromium.screenshot(phone, "phone-reconnecting");
        plane.startNode();
        expect(phone.locator("#offline")).isHidden();
        phone.navigate(plane.url + "/security");
        expect(phone.locator("main")).containsText("support@flydex.net");
        Chromium.screenshot(phone, "phone-10-security");
        phone.navigate(plane.url + "/privacy");
        expect(phone.locator("main")).containsText("Your prompts and chat with Codex");
        phone.navigate(plane.url + "/troubleshooting");
        expect(phone.locator("main")).containsText("Approvals are not showing");
    }
}

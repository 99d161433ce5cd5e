package net.flydex.e2e;

import static net.flydex.e2e.Ui.accessibleInLightAndDark;
import static net.flydex.e2e.Ui.button;
import static net.flydex.e2e.Ui.expect;
import static net.flydex.e2e.Ui.mark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.ModelRequest;
import net.flydex.testkit.RelayClient;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The thread as a person reads it on a phone, in Chromium against a real control plane, a real
 * helper and the real Codex (scripted model): markdown as structure and hostile markup inert,
 * plans, Thinking, web searches, errors, turn diffs and context fill; a stream that keeps the
 * reader's place; a photo that reaches the model; a long thread paged in; search, rename and
 * archive; a future item type. Every view passes axe-core (WCAG 2.1 AA) in light and dark.
 */
class ThreadViewIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EMAIL = "reader@example.com";
    /** "Several hundred turns": more than a page (20) and more than the page keeps (200). */
    private static final int LONG_THREAD_TURNS = 240;

    @TempDir
    static Path dir;
    private static Chromium chromium;
    private static ControlPlane plane;
    private static PairedDesktop desktop;
    private static Path work;
    private final SharedCodex codex = SharedCodex.get();

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.launch();
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT.toMillis());
        plane = new ControlPlane();
        desktop = PairedDesktop.link(plane, dir, EMAIL);
        work = Files.createDirectories(dir.resolve("work"));
    }

    @AfterAll
    static void stop() {
        if (desktop != null) {
            desktop.close();
        }
        if (plane != null) {
            plane.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    private Page phone() {
        Page phone = chromium.phone();
        Ui.signIn(phone, plane.url, EMAIL);
        Ui.addDevice(phone, plane.url, desktop);
        return phone;
    }

    /** Starts a thread from the phone's machine page with this first prompt; answers once the thread page is ready. */
    private void startThread(Page phone, String firstPrompt) {
        phone.navigate(plane.url + "/machines/" + desktop.machineId);
        phone.getByText("New thread").click();
        phone.getByLabel("Folder on the desktop (optional)").fill(work.toString());
        phone.getByLabel("First prompt (optional)").fill(firstPrompt);
        button(phone, "Start thread").click();
        expect(phone.locator(".view[data-ready]")).hasCount(1);
    }

    private static void send(Page phone, String prompt) {
        expect(phone.locator(".working")).isHidden();
        phone.getByLabel("Message to Codex").fill(prompt);
        button(phone, "Send").click();
    }

    private static final String MARKDOWN = String.join("\n",
            "SAY: # Release notes", "",
            "Some *emphasis*, **strong**, ~~gone~~ and `inline code`, a [link](https://example.com/docs) and <b>raw</b> html.", "",
            "- [x] done task", "- [ ] open task", "- plain item", "",
            "1. first", "2. second", "",
            "> quoted line", "",
            "| Name | Size |", "|:-----|-----:|", "| alpha | 1 |", "| beta | 22 |", "",
            "```js", "const answer = 42; // the answer", "```", "",
            "<script>window.pwned = 'script'</script>", "",
            "<img src=x onerror=\"window.pwned = 'img'\">", "",
            "[click me](javascript:window.pwned='link') and [relative](../etc/passwd)", "",
            "![tracker](https://tracker.example/pixel.png)", "",
            "---", "The end.");

    @Test
    void aReplyInMarkdownRendersAsStructureAndHostileMarkupStaysInert() {
        Page phone = phone();
        phone.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        AtomicInteger remote = new AtomicInteger();
        phone.context().route("https://tracker.example/**", route -> {
            remote.incrementAndGet();
            route.abort();
        });
        startThread(phone, MARKDOWN);
        Locator answer = phone.locator(".item.agent .md").last();
        expect(answer.locator("h3")).hasText("Release notes");
        expect(answer.locator("em")).hasText("emphasis");
        expect(answer.locator("strong")).hasText("strong");
        expect(answer.locator("del")).hasText("gone");
        expect(answer.locator("p code")).hasText("inline code");
        Locator link = answer.locator("a", new Locator.LocatorOptions().setHasText("link"));
        expect(link).hasAttribute("href", "https://example.com/docs");
        expect(link).hasAttribute("target", "_blank");
        expect(link).hasAttribute("rel", "noopener noreferrer");
        expect(answer.locator(".task[aria-label='Done']")).hasCount(1);
        expect(answer.locator(".task[aria-label='Not done']")).hasCount(1);
        expect(answer.locator("ul > li")).hasCount(3);
        expect(answer.locator("ol > li")).hasCount(2);
        expect(answer.locator("blockquote")).hasText("quoted line");
        expect(answer.locator("table th")).hasText(new String[] {"Name", "Size"});
        expect(answer.locator("table td.align-right").last()).hasText("22");
        expect(answer.locator(".code-block figcaption")).containsText("js");
        expect(answer.locator(".code-block pre[tabindex='0'] code .tok-keyword").first()).hasText("const");
        expect(answer.locator(".code-block .tok-comment")).hasText("// the answer");
        expect(answer.locator("hr")).hasCount(1);

        // Inert: raw HTML is its own text, the javascript: and relative links are plain text, the image a link to tap.
        expect(answer).containsText("<script>window.pwned = 'script'</script>");
        expect(answer).containsText("<img src=x onerror=");
        expect(answer).containsText("<b>raw</b>");
        expect(answer.locator("script, img, iframe, b")).hasCount(0);
        expect(answer.locator("a[href^='javascript'], a[href*='passwd']")).hasCount(0);
        expect(answer.locator(".unlinked", new Locator.LocatorOptions().setHasText("click me"))).hasCount(1);
        expect(answer.locator("a[href='https://tracker.example/pixel.png']")).containsText("Image: tracker");
        assertThat(phone.evaluate("window.pwned === undefined")).isEqualTo(true);
        assertThat(remote.get()).as("no remote image loaded by itself").isZero();

        answer.locator(".code-block button").click();
        expect(answer.locator(".code-block .copied")).hasText("Copied");
        assertThat(phone.evaluate("navigator.clipboard.readText()")).isEqualTo("const answer = 42; // the answer");
        answer.locator(".code-block pre").focus();
        assertThat(phone.evaluate("document.activeElement.tagName")).isEqualTo("PRE");
        answer.locator("h3").evaluate("heading => { heading.scrollIntoView({ block: 'start' }); window.scrollBy(0, -80); }");
        accessibleInLightAndDark(phone, "phone-thread-markdown");
    }

    @Test
    void everythingATurnContainsShowsLiveAndAFutureItemTypeGetsAFallbackRow() throws Exception {
        Page phone = phone();
        startThread(phone, "PLAN: Read the code | Fix the bug");
        Locator plan = phone.locator(".item.plan-steps");
        Locator card = phone.locator("article.approval");
        expect(card).containsText("echo plan-step");
        expect(plan.locator(".step.inProgress")).hasText("▶ Read the code");
        expect(plan.locator(".step.pending")).hasText("☐ Fix the bug");
        Chromium.screenshot(phone, "phone-thread-plan-running");
        button(phone, "Approve").click();
        expect(plan.locator(".step.completed")).hasCount(2);
        expect(phone.locator(".item.agent").last()).containsText("Plan done.");
        expect(phone.locator(".usage")).containsText("% full");

        send(phone, "THINK: Weighing **two** options :: Decided.");
        Locator thinking = phone.locator(".item.reasoning details").last();
        expect(thinking.locator("summary")).hasText("Thinking");
        expect(thinking.locator(".md")).isHidden();
        thinking.locator("summary").focus();
        phone.keyboard().press("Enter");
        expect(thinking.locator(".md strong")).hasText("two");
        expect(phone.locator(".item.agent").last()).containsText("Decided.");

        send(phone, "SEARCH: flydex thread view");
        expect(phone.locator(".item.search").last()).containsText("Searched for");
        expect(phone.locator(".item.search").last()).containsText("flydex thread view");
        expect(phone.locator(".item.search").last()).containsText("Done");

        send(phone, "PATCH: notes.txt hello from the diff");
        button(phone, "Approve").click();
        Locator diff = phone.locator(".turn-diff").last();
        expect(diff.locator("summary")).containsText("Changes in this turn · 1 file");
        diff.locator("summary").click();
        expect(diff.locator(".diff .add").last()).hasText("+hello from the diff");

        send(phone, "FAIL: The model refused <b>this</b> request");
        expect(phone.locator(".item.error").last()).containsText("The model refused <b>this</b> request");
        expect(phone.locator(".item.error")).hasCount(1);
        expect(phone.locator(".working")).isHidden();

        // Codex may add item types and enum values at any release: one this app has never seen
        // gets a plain row, and 0.171.0's tagged moderation display withholds an answer it blocks.
        String threadId = phone.url().substring(phone.url().lastIndexOf('/') + 1);
        phone.evaluate("([machineId, threadId]) => import('/assets/js/relay.js').then(({ relay }) => {"
                + " const event = (item) => relay.deliver({ type: 'event', machineId, method: 'item/completed',"
                + "   params: { threadId, turnId: 'future-turn', item } });"
                + " event({ type: 'hologramProjection', id: 'future-1', beams: [{ colour: 'teal' }], status: 'shimmering' });"
                + " event({ type: 'agentMessage', id: 'future-2', text: 'secret answer', phase: null,"
                + "   moderation: { moderated: true, display: { mode: 'block', version: 1, reason: { kind: 'bio' } } } });"
                + " event({ type: 'agentMessage', id: 'future-3', text: 'shown **anyway**', moderation: { moderated: false,"
                + "   display: { mode: 'sparkle', version: 9 } }, delivery: { brandNew: true } });"
                + " })", List.of(desktop.machineId, threadId));
        expect(phone.locator(".item.other")).containsText("hologramProjection");
        expect(phone.locator(".item.agent").nth(-2)).containsText("withheld");
        expect(phone.locator(".item.agent").nth(-2)).not().containsText("secret answer");
        expect(phone.locator(".item.agent").last().locator("strong")).hasText("anyway");
        phone.locator(".item.reasoning").first().evaluate("item => { item.scrollIntoView({ block: 'start' }); window.scrollBy(0, -80); }");
        accessibleInLightAndDark(phone, "phone-thread-turn");
    }

    @Test
    void aStreamedAnswerKeepsTheReadersPlaceAndOffersAWayBackToTheLatest() {
        Page phone = phone();
        startThread(phone, "SAY: " + "A long earlier answer line.\n\n".repeat(40));
        expect(phone.locator(".item.agent")).containsText("A long earlier answer line.");
        send(phone, "SLOW: 60");
        Locator streaming = phone.locator(".item.agent[aria-busy='true']");
        expect(streaming).containsText("Line 3 of the slow answer.");
        phone.evaluate("window.scrollTo(0, 200)");
        double place = ((Number) phone.evaluate("window.scrollY")).doubleValue();
        expect(streaming).containsText("Line 20 of the slow answer.");
        assertThat(((Number) phone.evaluate("window.scrollY")).doubleValue()).as("the reader's place").isEqualTo(place);
        Locator jump = button(phone, "Jump to latest ↓");
        expect(jump).isVisible();
        Chromium.screenshot(phone, "phone-thread-jump-to-latest");
        jump.click();
        expect(jump).isHidden();
        await().atMost(WAIT).until(() -> (Boolean) phone.evaluate(
                "document.documentElement.scrollHeight - (window.scrollY + window.innerHeight) < 200"));
        expect(phone.locator(".item.agent").last()).containsText("Line 60 of the slow answer.");
    }

    @Test
    void aPhotoIsDownscaledOnThePhoneAndReachesTheModelAndDraftsSurviveAReload() throws Exception {
        Page phone = phone();
        startThread(phone, "SAY: ready for a photo");
        expect(phone.locator(".item.agent")).containsText("ready for a photo");

        phone.getByLabel("Message to Codex").fill("SAY: a draft kept across reloads");
        phone.reload();
        expect(phone.locator(".view[data-ready]")).hasCount(1);
        expect(phone.getByLabel("Message to Codex")).hasValue("SAY: a draft kept across reloads");

        Path photo = dir.resolve("photo.png");
        BufferedImage image = new BufferedImage(3000, 2000, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(30, 120, 200));
        graphics.fillRect(0, 0, 3000, 2000);
        graphics.dispose();
        ImageIO.write(image, "png", photo.toFile());
        phone.setInputFiles("#prompt-image", photo);
        expect(phone.locator(".attachment img")).isVisible();
        Locator options = phone.locator(".turn-options");
        options.locator("summary").click();
        expect(phone.getByLabel("Model")).isVisible();
        phone.getByLabel("Reasoning effort").selectOption("high");
        accessibleInLightAndDark(phone, "phone-thread-composer");
        phone.getByLabel("Message to Codex").fill("SAY: what is in this photo");
        button(phone, "Send").click();

        ModelRequest request = codex.model().awaitRequest(r -> r.lastPrompt().orElse("").equals("SAY: what is in this photo"), WAIT);
        assertThat(request.lastPromptImages()).singleElement().satisfies(url -> {
            assertThat(url).startsWith("data:image/jpeg;base64,");
            BufferedImage sent = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
            assertThat(Math.max(sent.getWidth(), sent.getHeight())).as("downscaled on the phone").isEqualTo(1600);
        });
        assertThat(request.body().path("reasoning").path("effort").asString()).isEqualTo("high");
        expect(phone.locator(".item.user img.attached")).hasCount(1);
        expect(phone.getByLabel("Message to Codex")).hasValue("");
        phone.reload();
        expect(phone.locator(".view[data-ready]")).hasCount(1);
        expect(phone.getByLabel("Message to Codex")).hasValue("");
    }

    @Test
    void aThreadOfSeveralHundredTurnsOpensWithTheNewestAndPagesInOlderOnes() throws Exception {
        String threadId;
        try (RelayClient relay = RelayClient.connect(plane.url, plane.url.toString(), desktop.ownerToken, desktop.device)) {
            relay.subscribe(desktop.machineId);
            threadId = relay.rpc(desktop.machineId, "thread/start", "{\"cwd\":\"" + work + "\",\"approvalPolicy\":\"on-request\"}", WAIT)
                    .path("result").path("thread").path("id").asString();
            for (int i = 1; i <= LONG_THREAD_TURNS; i++) {
                var params = WireJson.mapper().createObjectNode().put("threadId", threadId);
                params.putArray("input").addObject().put("type", "text").put("text", "SAY: answer number " + i);
                JsonNode answer = relay.rpc(desktop.machineId, "turn/start", params, WAIT);
                assertThat(answer.path("type").asString()).as("turn %d: %s", i, answer).isEqualTo("result");
                int done = i;
                await("turn " + i + " completed").atMost(WAIT)
                        .until(() -> relay.received().stream().filter(f -> isTurnCompleted(f, threadId)).count() >= done);
            }
        }
        Page phone = phone();
        phone.navigate(plane.url + "/machines/" + desktop.machineId + "/threads/" + threadId);
        expect(phone.locator(".view[data-ready]")).hasCount(1);
        double opened = mark(phone, "flydex:thread-ready");
        double asked = mark(phone, "flydex:thread-answered") - mark(phone, "flydex:thread-requested");
        expect(phone.locator(".turn")).hasCount(20);
        expect(phone.locator(".item.agent").last()).containsText("answer number " + LONG_THREAD_TURNS);
        Chromium.screenshot(phone, "phone-thread-long");

        phone.evaluate("window.scrollTo(0, 0)");
        expect(phone.locator(".turn")).hasCount(40);
        expect(phone.locator(".item.agent").first()).containsText("answer number " + (LONG_THREAD_TURNS - 39));
        await().atMost(WAIT).until(() -> {
            phone.evaluate("window.scrollTo(0, 0)");
            return phone.locator(".older-note").isVisible();
        });
        expect(phone.locator(".turn")).hasCount(200);
        expect(phone.locator(".older-note")).containsText("Showing the latest 200 turns");
        expect(phone.locator(".item.agent").first()).containsText("answer number " + (LONG_THREAD_TURNS - 199));
        System.out.printf("THREAD-VIEW %d-turn thread: newest page on screen %.0f ms after navigation start, of which"
                + " thread/read + thread/turns/list (20 turns) + the markdown module took %.0f ms%n", LONG_THREAD_TURNS, opened, asked);
    }


    private static boolean isTurnCompleted(JsonNode frame, String threadId) {
        return frame.path("method").asString("").equals("turn/completed") && frame.path("params").path("threadId").asString("").equals(threadId);
    }

    @Test
    void threadsAreFoundByTitleRenamedAndArchivedAndShowTheirStateAtAGlance() {
        Page phone = phone();
        startThread(phone, "SAY: the first one");
        expect(phone.locator(".item.agent")).containsText("the first one");
        startThread(phone, "CMD: echo waiting-on-you");
        expect(phone.locator("article.approval")).containsText("waiting-on-you");
        phone.navigate(plane.url + "/machines/" + desktop.machineId);
        Locator cards = phone.locator(".card.thread");
        Locator waiting = cards.filter(new Locator.FilterOptions().setHasText("CMD: echo waiting-on-you"));
        expect(waiting.locator(".badge.waiting")).hasText("Needs your approval");
        accessibleInLightAndDark(phone, "phone-threads");

        // The machine page also lists its trusted devices in a ul.cards, once they have loaded.
        Locator settled = phone.locator("ul.cards[aria-label=Threads]:not([aria-busy])");
        phone.getByLabel("Search threads by title").fill("the first");
        expect(settled).hasCount(1);
        expect(cards).hasCount(1);
        expect(cards).containsText("SAY: the first one");
        Locator first = cards.first();
        first.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Rename")).click();
        phone.getByLabel("New name").fill("Release checklist");
        button(phone, "Save").click();
        expect(cards.first().locator(".title")).hasText("Release checklist");
        phone.getByLabel("Search threads by title").fill("checklist");
        expect(settled).hasCount(1);
        expect(cards).hasCount(1);
        Chromium.screenshot(phone, "phone-threads-search");

        cards.first().getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Archive")).click();
        expect(phone.locator(".confirm")).containsText("Archive “Release checklist”?");
        button(phone, "Archive").click();
        expect(phone.getByText("Archived. Codex keeps the thread on the desktop.")).isVisible();
        expect(cards).hasCount(0);
        phone.getByLabel("Search threads by title").fill("");
        expect(settled).hasCount(1);
        expect(waiting).hasCount(1);
        expect(cards.filter(new Locator.FilterOptions().setHasText("Release checklist"))).hasCount(0);
        phone.reload();
        expect(phone.locator(".card.thread").first()).isVisible();
        expect(phone.locator(".card.thread", new Page.LocatorOptions().setHasText("Release checklist"))).hasCount(0);
        waiting.click();
        button(phone, "Deny").click();
    }
}

package net.flydex.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import java.util.List;

/** What the browser tests say to a page: find a control by its accessible name, sign in, check accessibility. */
final class Ui {
    static final String PASSWORD = "correct horse battery";
    /** WCAG 2.1 A and AA, as axe-core tags them. */
    private static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private Ui() {}

    static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    static Locator heading(Page page, String name) {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name));
    }

    static void signUp(Page page, String email) {
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
        button(page, "Create account").click();
    }

    static void signIn(Page page, java.net.URI plane, String email) {
        page.navigate(plane + "/signin");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
        button(page, "Sign in").click();
        expect(heading(page, "Machines")).isVisible();
    }

    /**
     * Introduces this signed-in page's browser to the desktop as scanning its "Add a device" QR
     * would: a fresh offer from the helper's local API, opened at /add-device through the relay.
     */
    static void addDevice(Page page, java.net.URI plane, PairedDesktop desktop) {
        String offer = net.flydex.testkit.SealedDevice.offerFrom(desktop.helper.port, plane.toString()).body().path("offer").asString();
        page.navigate(plane + "/add-device#" + desktop.machineId + "." + offer);
        expect(page.locator(".notice")).containsText("This browser is now trusted by");
    }

    /** axe-core finds no WCAG 2.1 AA violation on the page as it is now, in light and in dark; screenshots of both. */
    static void accessibleInLightAndDark(Page page, String screenshot) {
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            List<Rule> violations = new AxeBuilder(page).withTags(WCAG_21_AA).analyze().getViolations();
            assertThat(violations).as("%s in %s: %s", screenshot, scheme, violations.stream()
                    .map(v -> v.getId() + " " + v.getNodes().stream().map(n -> n.getTarget().toString()).toList()).toList()).isEmpty();
            Chromium.screenshot(page, screenshot + (scheme == ColorScheme.DARK ? "-dark" : ""));
        }
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
    }

    /** A performance mark of the page, in ms since its navigation started. */
    static double mark(Page page, String name) {
        return ((Number) page.evaluate("name => performance.getEntriesByName(name)[0].startTime", name)).doubleValue();
    }
}

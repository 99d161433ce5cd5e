package net.flydex.e2e;

import static net.flydex.e2e.Ui.button;
import static net.flydex.e2e.Ui.expect;
import static net.flydex.e2e.Ui.heading;
import static net.flydex.e2e.Ui.signUp;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FlyDex as an installed app in Debian's Chromium: the manifest passes Chromium's own
 * installability check, the browser offers Install, the service worker keeps only the app's
 * files and shows the offline page without a network, and an iPhone gets the Home Screen steps.
 */
class InstallableAppIT extends ChromiumTest {
    private static final String IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1";


    @Test
    void chromiumFindsTheAppInstallableAndItsWorkerServesTheOfflinePageWithoutANetwork() throws Exception {
        plane = new ControlPlane();
        try (BrowserContext context = chromium.installablePhone(dir.resolve("profile"))) {
            Page page = context.pages().getFirst();
            // A page without the app's script first, holding a cache of an older version the new worker must drop.
            page.navigate(plane.url + "/offline.html");
            page.evaluate("caches.open('flydex-shell-0123456789abcdef').then(c => c.put('/old.js', new Response('old')))");

            page.navigate(plane.url + "/signin");
            assertThat(page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)")).isEqualTo(plane.url + "/sw.js");
            page.waitForFunction("navigator.serviceWorker.controller !== null");

            var cdp = context.newCDPSession(page);
            JsonObject installability = cdp.send("Page.getInstallabilityErrors");
            assertThat(installability.getAsJsonArray("installabilityErrors")).as(installability.toString()).isEmpty();
            JsonObject manifest = cdp.send("Page.getAppManifest");
            assertThat(manifest.getAsJsonArray("errors")).as(manifest.toString()).isEmpty();
            assertThat(manifest.get("url").getAsString()).isEqualTo(plane.url + "/manifest.webmanifest");
            expect(button(page, "Install FlyDex")).hasCount(0); // offered on the account page, not in the way of signing in

            @SuppressWarnings("unchecked")
            var caches = (List<String>) page.evaluate("caches.keys()");
            assertThat(caches).as("one cache, of this version").singleElement().asString().startsWith("flydex-shell-")
                    .isNotEqualTo("flydex-shell-0123456789abcdef");

            button(page, "Create an account").click();
            signUp(page, "installed@example.com");
            expect(heading(page, "Machines")).isVisible();
            page.navigate(plane.url + "/account");
            expect(heading(page, "Install FlyDex")).isVisible();
            expect(button(page, "Install FlyDex")).isVisible();

            @SuppressWarnings("unchecked")
            var cached = (List<String>) page.evaluate("name => caches.open(name).then(c => c.keys())"
                    + ".then(rs => rs.map(r => new URL(r.url).pathname + new URL(r.url).search))", caches.getFirst());
            assertThat(cached).contains("/", "/offline.html", "/manifest.webmanifest", "/assets/app.css", "/assets/js/main.js",
                    "/assets/js/pages/account.js", "/assets/icons/maskable-512.png")
                    .as("nothing of the API, the relay or a thread, nor the worker itself")
                    .noneMatch(p -> p.startsWith("/api") || p.startsWith("/ws") || p.startsWith("/machines") || p.equals("/sw.js"));

            context.setOffline(true);
            page.reload();
            expect(heading(page, "You are offline")).isVisible();
            expect(page.locator("main")).containsText("FlyDex needs a connection to reach your desktop");
            Ui.accessibleInLightAndDark(page, "phone-offline");

            context.setOffline(false);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Try again")).click();
            expect(heading(page, "Account")).isVisible();
        }
    }

    @Test
    void anIphoneInSafariIsShownHowToAddFlyDexToTheHomeScreenBeforeNotifications() throws Exception {
        plane = new ControlPlane();
        // iOS Safari outside an installed app has no PushManager: as this browser then has none.
        Page phone = chromium.phone(new Browser.NewContextOptions().setUserAgent(IPHONE_SAFARI));
        phone.addInitScript("delete window.PushManager");
        phone.navigate(plane.url + "/signin?next=/account");
        button(phone, "Create an account").click();
        signUp(phone, "iphone@example.com");
        expect(heading(phone, "Account")).isVisible();

        var install = phone.locator("section.install");
        expect(install).containsText("Share");
        expect(install).containsText("Add to Home Screen");
        expect(phone.locator("#notifications")).containsText("notifications need FlyDex on your Home Screen");
        expect(button(phone, "Turn on notifications for this device")).hasCount(0);
        Ui.accessibleInLightAndDark(phone, "phone-account-install");
        Chromium.screenshot(install, "phone-install-hint");
        phone.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        Chromium.screenshot(install, "phone-install-hint-dark");
    }
}

package net.flydex.e2e;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium driven by Playwright, headless, with the flags that keep it off the (closed)
 * network; a desktop context (1280×800) and a phone context (390×844, touch), and the QR reader
 * the tests use on a screenshot. Under {@code CI=true} a missing Chromium fails the test.
 */
final class Chromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Chromium launch() {
        if (!Files.isExecutable(EXECUTABLE)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(EXECUTABLE + " is missing: install Debian's chromium (.ci/run does)");
            }
            Assumptions.abort(EXECUTABLE + " is missing: apt-get install -y chromium");
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE)
                .setHeadless(true).setArgs(FLAGS));
        return new Chromium(playwright, browser);
    }

    /** A desktop browser whose page finds the helper on {@code helperPort} (48163 unless told). */
    Page desktop(int helperPort) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        context.addInitScript("localStorage.setItem('flydex.helperPort', '" + helperPort + "')");
        return context.newPage();
    }

    /** A fresh desktop-sized context with nothing stored, for tests that serve their own pages. */
    BrowserContext newContext() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    }

    Page phone() {
        return phone(new Browser.NewContextOptions());
    }

    /** A phone with these options besides its size and touch screen (a user agent, say). */
    Page phone(Browser.NewContextOptions options) {
        return browser.newContext(options.setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)).newPage();
    }

    /**
     * A phone with a browser profile on disk rather than an incognito context: Chromium offers to
     * install an app only there, and without the engagement it would otherwise wait for.
     */
    BrowserContext installablePhone(Path profile) {
        var flags = new java.util.ArrayList<>(FLAGS);
        flags.add("--bypass-app-banner-engagement-checks");
        return playwright.chromium().launchPersistentContext(profile, new BrowserType.LaunchPersistentContextOptions()
                .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(flags)
                .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true));
    }

    /** Saves a screenshot of what the screen shows under target/screenshots and answers its bytes. */
    static byte[] screenshot(Page page, String name) {
        return screenshot(page, name, false);
    }

    /** The same, of the whole page when {@code fullPage}. */
    static byte[] screenshot(Page page, String name, boolean fullPage) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(fullPage));
    }

    /** Saves a screenshot of the screen scrolled to one part of the page (a panel, say), just below the sticky header. */
    static void screenshot(Locator part, String name) {
        part.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY"
                + " - document.querySelector('.chrome').getBoundingClientRect().height - 8)");
        screenshot(part.page(), name);
    }

    /**
     * The text of the QR code {@code code} shows, read as a phone camera aimed at it would, or empty
     * when it cannot be read; a screenshot of the whole page is saved as {@code screenshot} too.
     * ZXing's detector, which looks for finder patterns in a scene, misses about one random pairing
     * code in thirty for its whole lifetime (false finder patterns among the data modules: measured
     * on 400 codes drawn by qr.js); a camera's reader does not, so when the detector misses, the
     * reader samples the grid of the element's own image, which holds nothing but the code.
     */
    static java.util.Optional<String> scanQr(Locator code, String screenshot) throws IOException {
        screenshot(code.page(), screenshot, true);
        var image = ImageIO.read(new ByteArrayInputStream(code.screenshot()));
        return decodeQr(image, Map.of(DecodeHintType.TRY_HARDER, true)).or(() -> decodeQr(image, Map.of(DecodeHintType.PURE_BARCODE, true)));
    }

    private static java.util.Optional<String> decodeQr(BufferedImage image, Map<DecodeHintType, ?> hints) {
        var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        try {
            return java.util.Optional.of(new QRCodeReader().decode(bitmap, hints).getText());
        } catch (NotFoundException | ChecksumException | FormatException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}

package net.flydex.e2e;

import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** What the web app's browser tests share: one Chromium per class, a control plane per test (closed after it), a temporary folder. */
abstract class ChromiumTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    static Chromium chromium;
    ControlPlane plane;
    @TempDir
    Path dir;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT.toMillis());
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    @AfterEach
    void stopPlane() {
        if (plane != null) {
            plane.close();
        }
    }
}

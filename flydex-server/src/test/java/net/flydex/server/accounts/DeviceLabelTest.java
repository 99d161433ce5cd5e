package net.flydex.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceLabelTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 | Chrome on Android
            Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1 | Safari on iPhone
            Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1 | Chrome on iPhone
            Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1 | Safari on iPad
            Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15 | Safari on macOS
            Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0 | Edge on Windows
            Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0 | Opera on Windows
            Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 | Firefox on Linux
            Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36 | Samsung Internet on Android
            Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 | Chrome on ChromeOS
            Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36 | Chrome on Linux
            Java-http-client/25.0.3 | FlyDex helper
            curl/8.5.0 | Unknown device
            Mozilla/5.0 (Windows NT 10.0) | Windows
            """)
    void namesTheBrowserAndSystemFamiliesOnly(String userAgent, String label) {
        assertThat(DeviceLabel.of(Optional.of(userAgent))).isEqualTo(label);
    }

    @org.junit.jupiter.api.Test
    void noUserAgentOrAHugeOneIsAnUnknownDevice() {
        assertThat(DeviceLabel.of(Optional.empty())).isEqualTo(DeviceLabel.UNKNOWN);
        assertThat(DeviceLabel.of(Optional.of(""))).isEqualTo(DeviceLabel.UNKNOWN);
        // Marks past the first characters are not read: a label never costs more than that.
        assertThat(DeviceLabel.of(Optional.of("x".repeat(DeviceLabel.MAX_USER_AGENT) + " Firefox/133.0 (Windows)")))
                .isEqualTo(DeviceLabel.UNKNOWN);
    }
}

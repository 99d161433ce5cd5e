package net.flydex.server.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.flydex.server.http.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MachineLabelsTest {
    @ParameterizedTest
    @ValueSource(strings = {"Ada's MacBook Pro", "build-box.local", "Лаптоп", "仕事のPC", "💻 work", "x"})
    void ordinaryNamesInAnyScriptAreAccepted(String name) {
        assertThat(MachineLabels.name("  " + name + "\t")).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\tb", "\u0000", "\u001B[31mred", "\u007F", "\u0085", "\u009B",
            "\u202Aa", "\u202Bb", "\u202Cc", "\u202Dd", "\u202Ee", "\u2066f", "\u2067g", "\u2068h", "\u2069i",
            "\u200Eltr", "\u061Calm", "\u200Bzw", "\uFEFFbom", "a\u2028b", "a\u2029b", "\uE000private", "\uD800lone"})
    void controlFormattingAndInvisibleCharactersAreRefused(String name) {
        assertThatThrownBy(() -> MachineLabels.name("laptop " + name)).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, MachineLabels.MAX_NAME + 1})
    void namesMustHaveOneToSixtyFourCharacters(int length) {
        assertThatThrownBy(() -> MachineLabels.name("n".repeat(length))).isInstanceOf(ApiException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"darwin-arm64", "linux-x64", "win32_x64", "freebsd.14"})
    void platformsAreShortLowercaseTokens(String platform) {
        assertThat(MachineLabels.platform(platform)).isEqualTo(platform);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Darwin", "linux x64", "linux\n", "linux/x64", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void otherPlatformsAreRefused(String platform) {
        assertThatThrownBy(() -> MachineLabels.platform(platform)).isInstanceOf(ApiException.class);
    }
}

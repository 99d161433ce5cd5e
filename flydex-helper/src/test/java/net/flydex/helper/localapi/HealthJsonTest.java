package net.flydex.helper.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.flydex.protocol.BridgeState;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.Health;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;

/** The hand-written {@code /v1/health} answer is what Jackson writes for the same {@link Health}, byte for byte. */
class HealthJsonTest {
    @Test
    void everyStateAndEveryOptionalIsWrittenAsJacksonWritesIt() {
        var cases = new ArrayList<Health>();
        for (CodexStatus codex : CodexStatus.values()) {
            for (BridgeState bridge : BridgeState.values()) {
                cases.add(health(codex, bridge, Optional.empty(), Optional.empty()));
                cases.add(health(codex, bridge, Optional.of("0.171.0"), Optional.of("ab:cd")));
            }
        }
        // What a person's machine may put in its name, and Codex in its message: quotes, backslashes, control characters, non-ASCII.
        cases.add(new Health("ok", "0.1.0-SNAPSHOT", new Health.Helper("revoked"), new Health.Bridge(BridgeState.OFFLINE),
                new Health.Runtime(CodexStatus.ERROR, Optional.of("1.2.3"), Optional.of("private"),
                        Optional.of("Codex did not start: \"x\"\\y\n\tz \u0001")),
                new Health.Machine(true, "Zoë's \"MacBook\" \\ Pro", "darwin-arm64", Optional.of("SHA256:abc/+="))));
        for (Health health : cases) {
            assertThat(HealthJson.text(health)).isEqualTo(new String(WireJson.mapper().writeValueAsBytes(health),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(cases).hasSizeGreaterThan(List.of(CodexStatus.values()).size());
    }

    private static Health health(CodexStatus codex, BridgeState bridge, Optional<String> version, Optional<String> fingerprint) {
        return new Health("ok", "0.1.0", new Health.Helper("running"), new Health.Bridge(bridge),
                new Health.Runtime(codex, version, version.map(v -> "private"), Optional.empty()),
                new Health.Machine(fingerprint.isPresent(), "laptop", "linux-x64", fingerprint));
    }
}

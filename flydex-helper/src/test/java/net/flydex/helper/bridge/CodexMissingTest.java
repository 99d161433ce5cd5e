package net.flydex.helper.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Optional;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.codex.RpcException;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class CodexMissingTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CodexMode.class)
    void aMissingBinaryIsReportedWithHowToInstallIt(CodexMode mode) {
        try (var harness = new BridgeHarness(Optional.of(dir.resolve("no-such-codex")), dir.resolve("home"), mode)) {
            // Nothing was spawned: a helper has no Codex start to give way to.
            assertThat(harness.bridge.firstAttempt()).isDone();
            await().atMost(BridgeHarness.WAIT).until(() -> harness.bridge.status() == CodexStatus.MISSING);

            assertThat(harness.bridge.statusMessage()).hasValueSatisfying(m -> assertThat(m).contains("npm install -g @openai/codex"));
            assertThatThrownBy(() -> harness.call("thread/list", "{}"))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CODEX_UNAVAILABLE));
        }
    }
}

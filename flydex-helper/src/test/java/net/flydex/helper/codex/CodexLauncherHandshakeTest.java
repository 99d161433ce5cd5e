package net.flydex.helper.codex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.flydex.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

/** The user agent read from Codex's answer to {@code initialize}: by hand as Codex writes it, with Jackson otherwise. */
class CodexLauncherHandshakeTest {
    @Test
    void theUserAgentIsReadFromTheLineCodexWrites() {
        String answer = "{\"id\":1,\"result\":{\"userAgent\":\"flydex/0.171.0 (Debian 12.0.0; x86_64) xterm (flydex; 0.1.0)\","
                + "\"codexHome\":\"/tmp/ch\",\"platformFamily\":\"unix\",\"platformOs\":\"linux\"}}";
        assertThat(CodexLauncher.userAgent(answer)).isEqualTo("flydex/0.171.0 (Debian 12.0.0; x86_64) xterm (flydex; 0.1.0)");
    }

    @Test
    void aUserAgentWithEscapesOrAnotherLayoutIsReadWithJackson() {
        assertThat(CodexLauncher.userAgent("{\"id\":1,\"result\":{\"userAgent\":\"a\\\"b/1.2.3\"}}")).isEqualTo("a\"b/1.2.3");
        assertThat(CodexLauncher.userAgent("{\"result\":{\"userAgent\":\"x/1.2.3\"},\"id\":1}")).isEqualTo("x/1.2.3");
        assertThat(CodexLauncher.userAgent("{\"id\":1,\"result\":{}}")).isEmpty();
    }

    @Test
    void anErrorAnswerIsCodexsError() {
        assertThatThrownBy(() -> CodexLauncher.userAgent("{\"id\":1,\"error\":{\"code\":-32600,\"message\":\"Already initialized\"}}"))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CODEX_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Already initialized");
                });
    }
}

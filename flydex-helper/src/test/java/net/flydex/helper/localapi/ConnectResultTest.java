package net.flydex.helper.localapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.flydex.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

class ConnectResultTest {

    @Test
    void aFailureMustCarryAnErrorStatus() {
        assertThatThrownBy(() -> new ConnectResult.Failed(200, ErrorCode.BAD_REQUEST, "no")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectResult.Failed(600, ErrorCode.BAD_REQUEST, "no")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notImplementedAnswers501() {
        ConnectResult result = ConnectHandler.notImplemented().connect(new ConnectRequest("https://app.flydex.net", "lc", "t"));
        assertThat(result).isInstanceOfSatisfying(ConnectResult.Failed.class, failed -> {
            assertThat(failed.httpStatus()).isEqualTo(501);
            assertThat(failed.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
        });
    }
}

package net.flydex.helper.localapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://app.flydex.net", "http://localhost:8080", "HTTPS://app.flydex.net/base"})
    void acceptsHttpAndHttpsServers(String server) {
        assertThat(new ConnectRequest(server, "lc_1", "tok").server()).isEqualTo(server);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://app.flydex.net", "javascript:alert(1)", "app.flydex.net", "https://", "https:///path", "http://exa mple.com", "file:///etc/passwd"})
    void refusesOtherServers(String server) {
        assertThatThrownBy(() -> new ConnectRequest(server, "lc_1", "tok"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server must be an http or https URL");
    }

    @Test
    void requiresEveryField() {
        assertThatThrownBy(() -> new ConnectRequest("https://app.flydex.net", null, "tok")).hasMessage("localConnectId is required");
        assertThatThrownBy(() -> new ConnectRequest("https://app.flydex.net", "lc_1", " ")).hasMessage("connectToken must not be blank");
    }

    @Test
    void neverPrintsTheToken() {
        assertThat(new ConnectRequest("https://app.flydex.net", "lc_1", "tok_secret").toString())
                .doesNotContain("tok_secret")
                .contains("lc_1");
    }
}

package net.flydex.helper.localapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectRequestParserTest {

    @Test
    void readsTheThreeFieldsAndIgnoresExtraOnes() {
        ConnectRequest request = parse("""
                {"server":"https://app.flydex.net","localConnectId":"lc_1","connectToken":"tok","extra":[1,2]}""");
        assertThat(request).isEqualTo(new ConnectRequest("https://app.flydex.net", "lc_1", "tok"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"server\":", "{\"server\":\"https://a\"", "not json", "{'server':'x'}",
        "{\"server\":\"https://app.flydex.net\",\"localConnectId\":\"lc\",\"connectToken\":\"t\"} {}"})
    void refusesMalformedTruncatedOrTrailingJson(String body) {
        assertRefused(body).hasMessageStartingWith("The body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "\"text\"", "42"})
    void refusesAnythingButAnObject(String body) {
        assertRefused(body).hasMessage("The body must be a JSON object.");
    }

    @Test
    void refusesMissingAndNullFields() {
        assertRefused("{\"server\":\"https://app.flydex.net\",\"connectToken\":\"t\"}").hasMessage("localConnectId is required.");
        assertRefused("{\"server\":null,\"localConnectId\":\"lc\",\"connectToken\":\"t\"}").hasMessage("server is required.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "true", "{}", "[\"t\"]", "1.5"})
    void refusesWrongTypesInsteadOfCoercingThem(String token) {
        assertRefused("{\"server\":\"https://app.flydex.net\",\"localConnectId\":\"lc\",\"connectToken\":" + token + "}")
                .hasMessage("connectToken must be a string.");
    }

    @Test
    void refusesDuplicateKeys() {
        assertRefused("{\"server\":\"https://app.flydex.net\",\"localConnectId\":\"lc\",\"connectToken\":\"a\",\"connectToken\":\"b\"}")
                .hasMessageContaining("Duplicate");
    }

    @Test
    void refusesDeepNesting() {
        assertRefused("{\"server\":" + "[".repeat(1000) + "]".repeat(1000) + "}").hasMessageContaining("nesting depth");
    }

    @Test
    void refusesAServerThatIsNotAWebUrl() {
        assertRefused("{\"server\":\"file:///etc\",\"localConnectId\":\"lc\",\"connectToken\":\"t\"}")
                .hasMessage("server must be an http or https URL.");
    }

    private static ConnectRequest parse(String body) {
        return ConnectRequestParser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String body) {
        return assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(RejectedRequest.class, rejected -> assertThat(rejected.reply().status()).isEqualTo(400));
    }
}

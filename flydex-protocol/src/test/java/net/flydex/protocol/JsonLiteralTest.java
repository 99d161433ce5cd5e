package net.flydex.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonLiteralTest {
    @Test
    void escapesQuotesBackslashesAndControlCharactersAsJacksonDoes() {
        for (String value : new String[] {"a\"b\\c\nd", "plain-0.1.0", "\u0001\t\u2028é\ud800"}) {
            assertThat(JsonLiteral.string(value)).isEqualTo(WireJson.mapper().writeValueAsString(value));
        }
    }

    @Test
    void readsBackAsTheSameString() {
        String odd = "0.1.0-\u0001\"x\\é";
        assertThat(WireJson.mapper().readTree("{\"v\":" + JsonLiteral.string(odd) + "}").path("v").asString()).isEqualTo(odd);
    }
}

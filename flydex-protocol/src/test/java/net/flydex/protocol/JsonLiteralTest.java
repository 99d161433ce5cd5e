package net.flydex.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonLiteralTest {
    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(JsonLiteral.string("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\u000ad\"");
    }

    @Test
    void readsBackAsTheSameString() {
        String odd = "0.1.0-\u0001\"x\\é";
        assertThat(WireJson.mapper().readTree("{\"v\":" + JsonLiteral.string(odd) + "}").path("v").asString()).isEqualTo(odd);
    }
}

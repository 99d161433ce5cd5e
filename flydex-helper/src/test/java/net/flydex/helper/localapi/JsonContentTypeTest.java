package net.flydex.helper.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonContentTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8", " application/json "})
    void acceptsJsonWithParameters(String contentType) {
        assertThat(JsonContentType.declared(List.of(contentType))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/jsonp", "application/json-patch+json", "text/json", ""})
    void refusesWhatAFormCanSendAndLookAlikes(String contentType) {
        assertThat(JsonContentType.declared(List.of(contentType))).isFalse();
    }

    @Test
    void refusesMissingOrRepeatedContentTypes() {
        assertThat(JsonContentType.declared(List.of())).isFalse();
        assertThat(JsonContentType.declared(List.of("application/json", "text/plain"))).isFalse();
    }
}

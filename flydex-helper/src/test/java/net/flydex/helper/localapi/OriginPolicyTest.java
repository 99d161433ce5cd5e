package net.flydex.helper.localapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(Set.of("https://app.flydex.net", "http://localhost:8080/"));

    @Test
    void noOriginIsNotAWebPage() {
        assertThat(policy.decide(List.of())).isEqualTo(new OriginDecision.Absent());
    }

    @Test
    void allowsAConfiguredOriginExactly() {
        assertThat(policy.decide(List.of("https://app.flydex.net"))).isEqualTo(new OriginDecision.Allowed("https://app.flydex.net"));
    }

    @Test
    void ignoresOnlyATrailingSlashOnEitherSide() {
        assertThat(policy.decide(List.of("https://app.flydex.net/"))).isEqualTo(new OriginDecision.Allowed("https://app.flydex.net"));
        assertThat(policy.decide(List.of("http://localhost:8080"))).isEqualTo(new OriginDecision.Allowed("http://localhost:8080"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://evil.com", "null", "https://app.flydex.net.evil.com", "https://evilapp.flydex.net",
        "https://evil.com/https://app.flydex.net", "https://app.flydex", "http://app.flydex.net",
        "https://app.flydex.net:443", "https://APP.flydex.net", " https://app.flydex.net", "https://app.flydex.net//",
        "*", ""})
    void refusesEveryOtherOrigin(String origin) {
        assertThat(policy.decide(List.of(origin))).isEqualTo(new OriginDecision.Refused());
    }

    @Test
    void refusesRepeatedOriginsEvenIfOneIsAllowed() {
        assertThat(policy.decide(List.of("https://app.flydex.net", "https://evil.com"))).isEqualTo(new OriginDecision.Refused());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "null", " "})
    void refusesToBeConfiguredToAllowAnyPage(String origin) {
        assertThatThrownBy(() -> new OriginPolicy(Set.of(origin))).isInstanceOf(IllegalArgumentException.class);
    }
}

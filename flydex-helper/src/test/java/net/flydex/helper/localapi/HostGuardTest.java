package net.flydex.helper.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostGuardTest {
    private final HostGuard guard = new HostGuard(48163);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:48163", "localhost:48163", "LocalHost:48163", " localhost:48163 "})
    void servesLoopbackNamesWithItsPort(String host) {
        assertThat(guard.allows(List.of(host))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "evil.com", "evil.com:48163", "127.0.0.1.evil.com:48163", "localhost.evil.com:48163",
        "localhost:48164", "127.0.0.1:80", "127.0.0.1", "localhost", "[::1]:48163", "::1:48163",
        "127.0.0.2:48163", "0.0.0.0:48163", "localhost.:48163", "localhost:048163", "localhost:48163x",
        ":48163", "", "user@localhost:48163"})
    void refusesEveryOtherHost(String host) {
        assertThat(guard.allows(List.of(host))).isFalse();
    }

    @Test
    void refusesAMissingHost() {
        assertThat(guard.allows(List.of())).isFalse();
    }

    @Test
    void refusesRepeatedHostsEvenIfOneIsGood() {
        assertThat(guard.allows(List.of("localhost:48163", "evil.com"))).isFalse();
    }
}

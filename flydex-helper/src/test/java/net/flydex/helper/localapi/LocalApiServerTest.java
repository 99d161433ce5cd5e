package net.flydex.helper.localapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalApiServerTest {
    private static final LocalControl CONTROL = new LocalControl("a-control-secret", () -> { });
    /** These tests call no end-to-end route. */
    private static final LocalE2e NO_E2E = LocalE2e.of(() -> {
        throw new IllegalStateException("no end-to-end state in this test");
    }, revoked -> { });

    @Test
    void bindsLoopbackOnlyOnAnEphemeralPort() throws IOException {
        try (LocalApiFixture api = LocalApiFixture.start()) {
            assertThat(api.server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(api.server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(api.port()).isPositive();
        }
    }

    @Test
    void saysWhichPortIsInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                LocalApiServer server = newServer(taken.getLocalPort())) {
            assertThatThrownBy(server::start)
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
        }
    }

    @Test
    void startsOnlyOnce() throws IOException {
        try (LocalApiServer server = newServer(0)) {
            server.start();
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void hasNoPortWhenNotRunning() throws IOException {
        LocalApiServer server = newServer(0);
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
        server.start();
        server.close();
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAWildcardOrigin() {
        assertThatThrownBy(() -> new LocalApiServer(0, Set.of("*"), () -> LocalApiFixture.HEALTH, ConnectHandler.notImplemented(), CONTROL, NO_E2E))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static LocalApiServer newServer(int port) {
        return new LocalApiServer(port, Set.of(LocalApiFixture.WEB_ORIGIN), () -> LocalApiFixture.HEALTH, ConnectHandler.notImplemented(), CONTROL, NO_E2E);
    }
}

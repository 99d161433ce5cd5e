package net.flydex.helper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import net.flydex.helper.app.HelperConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --server}: one URL, several separated by commas, or the flag repeated; all checked. */
class ServerListTest {
    private static HelperConfig parse(String... args) {
        var run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run.options.config();
    }

    @Test
    void commasAndRepeatsBothListNodesInOrderAndEachOriginMayCallTheLocalApi() {
        HelperConfig config = parse("--server", "http://127.0.0.1:8081,http://127.0.0.1:8082", "--server", "http://localhost:8083");

        assertThat(config.servers()).containsExactly(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082"),
                URI.create("http://localhost:8083"));
        assertThat(config.server()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(config.allowedOrigins()).containsExactlyInAnyOrder("http://127.0.0.1:8081", "http://127.0.0.1:8082",
                "http://localhost:8083");
    }

    @Test
    void oneLoadBalancerUrlIsAListOfOne() {
        assertThat(parse("--server", "https://flydex.example.com").servers()).containsExactly(URI.create("https://flydex.example.com"));
    }

    @Test
    void everyUrlInTheListMustBeSafe() {
        assertThatThrownBy(() -> parse("--server", "https://a.example.com,http://b.example.com"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("plain http");
    }
}

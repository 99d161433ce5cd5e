package net.flydex.helper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.flydex.helper.e2e.HelperE2e;
import net.flydex.helper.localapi.ConnectHandler;
import net.flydex.helper.localapi.LocalApiServer;
import net.flydex.helper.localapi.LocalControl;
import net.flydex.helper.localapi.LocalE2e;
import net.flydex.helper.state.ControlFile;
import net.flydex.helper.state.StateLock;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.Offer;
import net.flydex.protocol.e2e.P256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flydex devices [revoke ID | rename ID NAME]}: through the running helper when there is one, else on the files under the state lock. */
class DevicesCommandTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    Path dir;
    private final StringWriter printed = new StringWriter();

    @Test
    void aFreshDesktopTrustsNoDevices() {
        assertThat(run("devices", "--state-dir", dir.toString())).isZero();
        assertThat(printed.toString()).contains("trusts no devices yet");
    }

    /** One device id in 64 starts with '-' (base64url): it is still an id, never an option. */
    @Test
    void anIdStartingWithADashIsAnId() {
        String id = "-AbCdEfGhIjKlMnOpQrStUv";
        assertThat(run("devices", "revoke", "--state-dir", dir.toString(), id)).isEqualTo(DevicesCommand.EXIT_FAILED);
        assertThat(run("devices", "rename", "--state-dir", dir.toString(), id, "mine")).isEqualTo(DevicesCommand.EXIT_FAILED);
        // An id picocli would take for -h: after "--", picocli's end of options.
        assertThat(run("devices", "revoke", "--state-dir", dir.toString(), "--", "-hAbCdEfGhIjKlMnOpQrStU")).isEqualTo(DevicesCommand.EXIT_FAILED);
        assertThat(printed.toString()).contains("trusts no device -AbCdEfGhIjKlMnOpQrStUv", "trusts no device -hAbCdEfGhIjKlMnOpQrStU")
                .doesNotContain("Usage:");
    }

    @Test
    void withNoHelperRunningItListsAndRevokesOnTheFiles() throws Exception {
        HelperE2e e2e = HelperE2e.open(dir, Clock.systemUTC());
        DeviceClient phone = introduce(e2e, "Ada's phone");

        assertThat(run("devices", "--state-dir", dir.toString())).isZero();
        assertThat(printed.toString()).contains(e2e.fingerprint(), phone.deviceId(), phone.fingerprint(), "Ada's phone");

        assertThat(run("devices", "revoke", "--state-dir", dir.toString(), "no-such-device")).isEqualTo(DevicesCommand.EXIT_FAILED);
        assertThat(run("devices", "rename", "--state-dir", dir.toString(), "no-such-device", "mine")).isEqualTo(DevicesCommand.EXIT_FAILED);
        assertThat(run("devices", "rename", "--state-dir", dir.toString(), phone.deviceId(), "x".repeat(65))).isEqualTo(DevicesCommand.EXIT_FAILED);
        assertThat(printed.toString()).contains("at most 64 bytes");
        assertThat(run("devices", "rename", "--state-dir", dir.toString(), phone.deviceId(), "Ada's old phone")).isZero();
        assertThat(printed.toString()).contains("Renamed " + phone.deviceId() + " to Ada's old phone.");
        assertThat(HelperE2e.open(dir, Clock.systemUTC()).devices("").devices().getFirst().name()).isEqualTo("Ada's old phone");

        assertThat(run("devices", "revoke", "--state-dir", dir.toString(), phone.deviceId())).isZero();
        assertThat(printed.toString()).contains("Revoked " + phone.deviceId());
        assertThat(HelperE2e.open(dir, Clock.systemUTC()).devices("").devices()).isEmpty();
    }

    @Test
    void withAHelperRunningItAsksThatHelperWhichEndsTheSessions() throws Exception {
        HelperE2e e2e = HelperE2e.open(dir, Clock.systemUTC());
        DeviceClient phone = introduce(e2e, "phone");
        List<String> toldRelay = new CopyOnWriteArrayList<>();
        var control = ControlFile.forThisProcess(0, "test");
        try (StateLock held = StateLock.acquire(dir);
                var api = new LocalApiServer(0, Set.of("https://app.flydex.net"), () -> null, ConnectHandler.notImplemented(),
                        new LocalControl(control.secret(), () -> { }), LocalE2e.of(() -> e2e, toldRelay::add))) {
            api.start();
            control.withPort(api.port()).write(dir);

            assertThat(run("devices", "--state-dir", dir.toString())).isZero();
            assertThat(printed.toString()).contains(phone.deviceId(), "phone");
            assertThat(run("devices", "revoke", "--state-dir", dir.toString(), "no-such-device")).isEqualTo(DevicesCommand.EXIT_FAILED);
            assertThat(printed.toString()).contains("trusts no device with that id");
            assertThat(run("devices", "rename", "--state-dir", dir.toString(), phone.deviceId(), "tab\there")).isEqualTo(DevicesCommand.EXIT_FAILED);
            assertThat(printed.toString()).contains("without control characters");
            assertThat(run("devices", "rename", "--state-dir", dir.toString(), phone.deviceId(), "Ada's phone")).isZero();
            assertThat(e2e.devices("").devices().getFirst().name()).isEqualTo("Ada's phone");
            assertThat(run("devices", "revoke", "--state-dir", dir.toString(), phone.deviceId())).isZero();
        }
        assertThat(toldRelay).containsExactly(phone.deviceId());
        assertThat(e2e.trusted().isTrusted(phone.deviceId())).isFalse();
    }

    private int run(String... args) {
        return FlydexCli.commandLine().setOut(new PrintWriter(printed, true)).execute(args);
    }

    private static DeviceClient introduce(HelperE2e e2e, String name) throws Exception {
        var device = new DeviceClient(P256.generate(RANDOM), Clock.systemUTC(), KeySource.from(RANDOM));
        e2e.introduce(device.introduce(Offer.parse(e2e.offer().offer()), name).message());
        return device;
    }
}

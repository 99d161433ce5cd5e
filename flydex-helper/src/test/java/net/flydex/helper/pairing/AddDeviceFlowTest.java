package net.flydex.helper.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.flydex.helper.e2e.HelperE2e;
import net.flydex.helper.localapi.ConnectHandler;
import net.flydex.helper.localapi.LocalApiServer;
import net.flydex.helper.localapi.LocalControl;
import net.flydex.helper.localapi.LocalE2e;
import net.flydex.helper.state.ControlFile;
import net.flydex.helper.state.HelperState;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.Offer;
import net.flydex.protocol.e2e.P256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flydex pair --device}: the add-device QR carries the machine and a fresh offer, and the flow ends once the phone is trusted. */
class AddDeviceFlowTest {
    @TempDir
    Path dir;

    @Test
    void theQrNamesTheMachineAndAnOfferAndTheFlowEndsWhenThePhoneIsTrusted() throws Exception {
        HelperE2e e2e = HelperE2e.open(dir, Clock.systemUTC());
        var control = ControlFile.forThisProcess(0, "test");
        var printed = new StringWriter();
        try (var api = new LocalApiServer(0, Set.of("https://app.flydex.net"), () -> null, ConnectHandler.notImplemented(),
                new LocalControl(control.secret(), () -> { }), LocalE2e.of(() -> e2e, revoked -> { }))) {
            api.start();
            var flow = new AddDeviceFlow(new HelperState.Pairing("mch_42", "https://flydex.test/", false), control.withPort(api.port()),
                    new PrintWriter(printed, true), false);
            CompletableFuture<Boolean> added = CompletableFuture.supplyAsync(() -> {
                try {
                    return flow.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            String url = await().until(() -> printed.toString().lines().filter(l -> l.startsWith("Or open: ")).findFirst(),
                    java.util.Optional::isPresent).orElseThrow().substring("Or open: ".length());
            URI link = URI.create(url);
            assertThat(link.getScheme() + "://" + link.getHost() + link.getPath()).isEqualTo("https://flydex.test/add-device");
            String[] fragment = link.getFragment().split("\\.");
            assertThat(fragment[0]).isEqualTo("mch_42");
            var phone = new DeviceClient(P256.generate(new SecureRandom()), Clock.systemUTC(), KeySource.from(new SecureRandom()));
            e2e.introduce(phone.introduce(Offer.parse(fragment[1]), "second phone").message()); // As e2e/introduce through the relay would.

            assertThat(added.get()).isTrue();
            assertThat(printed.toString()).contains(e2e.fingerprint(), "Trusted \"second phone\"", phone.fingerprint());
        }
    }
}

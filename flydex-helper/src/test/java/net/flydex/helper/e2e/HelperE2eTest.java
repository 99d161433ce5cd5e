package net.flydex.helper.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.Failure;
import net.flydex.protocol.e2e.IntroductionAccepted;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.Offer;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.TrustedHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S_h and the trusted devices survive restarts, stay private, and a damaged file is refused rather than trusted or forgotten. */
class HelperE2eTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    Path dir;

    @Test
    void theKeyIsMadeOnceKeptPrivateAndTheSameAfterARestart() throws Exception {
        HelperE2e first = HelperE2e.open(dir, Clock.systemUTC());
        HelperE2e again = HelperE2e.open(dir, Clock.systemUTC());

        assertThat(again.publicKey()).isEqualTo(first.publicKey());
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint()).matches("[0-9A-F]{4}( [0-9A-F]{4}){3}");
        assertThat(Files.getPosixFilePermissions(dir.resolve("e2e-key.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(dir.resolve("e2e-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----").contains("-----BEGIN PUBLIC KEY-----");
        DeviceClient phone = device();
        TrustedHelper pinned = introduce(first, phone, "phone");
        var handshake = phone.handshake(pinned, "mch_1");
        handshake.finish(HelperE2e.open(dir, Clock.systemUTC()).endpoint("mch_1").answer(phone.deviceId(), handshake.hello()).reply());
    }

    @Test
    void trustedDevicesAreSavedPrivatelyAndLoadedAtStart() throws Exception {
        var clock = net.flydex.testkit.MutableClock.startingNow();
        HelperE2e e2e = HelperE2e.open(dir, clock);
        DeviceClient phone = device();
        DeviceClient laptop = device();
        TrustedHelper pinned = introduce(e2e, phone, "Ada's phone");
        clock.advance(java.time.Duration.ofSeconds(1)); // Listed oldest first.
        introduce(e2e, laptop, "laptop");

        assertThat(Files.getPosixFilePermissions(dir.resolve("devices.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        HelperE2e restarted = HelperE2e.open(dir, Clock.systemUTC());
        assertThat(restarted.devices(phone.deviceId()).devices()).extracting(HelperE2e.DeviceView::name, HelperE2e.DeviceView::current)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Ada's phone", true), org.assertj.core.groups.Tuple.tuple("laptop", false));
        var handshake = phone.handshake(pinned, "mch_1");
        // The confirmation opens only if the restarted helper holds the same S_h.
        handshake.finish(restarted.endpoint("mch_1").answer(phone.deviceId(), handshake.hello()).reply());

        assertThat(restarted.revoke(laptop.deviceId())).isTrue();
        assertThat(restarted.revoke(laptop.deviceId())).isFalse();
        assertThat(HelperE2e.open(dir, Clock.systemUTC()).devices("").devices()).extracting(HelperE2e.DeviceView::deviceId)
                .containsExactly(phone.deviceId());
    }

    @Test
    void aRenameIsSavedAndBadNamesOrUnknownIdsChangeNothing() throws Exception {
        HelperE2e e2e = HelperE2e.open(dir, Clock.systemUTC());
        DeviceClient phone = device();
        introduce(e2e, phone, "Chrome on Android");
        String saved = Files.readString(dir.resolve("devices.json"));

        String longest = "é".repeat(net.flydex.protocol.e2e.E2eLimits.MAX_DEVICE_NAME_BYTES / 2);
        for (String bad : new String[] {"", "two\nlines", "bell\u0007", longest + "x"}) {
            assertThatThrownBy(() -> e2e.rename(phone.deviceId(), bad)).isInstanceOf(E2eException.class);
        }
        assertThat(e2e.rename("AAAAAAAAAAAAAAAAAAAAAA", "Ada's phone")).isFalse();
        assertThat(e2e.rename(null, "Ada's phone")).isFalse();
        assertThat(Files.readString(dir.resolve("devices.json"))).isEqualTo(saved);
        assertThat(e2e.devices("").devices()).extracting(HelperE2e.DeviceView::name).containsExactly("Chrome on Android");

        assertThat(e2e.rename(phone.deviceId(), longest)).isTrue();
        assertThat(HelperE2e.open(dir, Clock.systemUTC()).devices("").devices()).extracting(HelperE2e.DeviceView::name).containsExactly(longest);
        assertThat(e2e.revoke(phone.deviceId())).isTrue();
        assertThat(e2e.rename(phone.deviceId(), "back again?")).as("a rename never trusts a revoked device again").isFalse();
        assertThat(e2e.trusted().isTrusted(phone.deviceId())).isFalse();
    }

    @Test
    void anOfferIsUsedOnceWhateverTheOutcome() throws Exception {
        HelperE2e e2e = HelperE2e.open(dir, Clock.systemUTC());
        var pending = device().introduce(Offer.parse(e2e.offer().offer()), "phone");
        e2e.introduce(pending.message());

        assertThatThrownBy(() -> e2e.introduce(pending.message())).isInstanceOfSatisfying(E2eException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.OFFER_UNKNOWN));
        assertThat(e2e.devices("").devices()).hasSize(1);
    }

    @Test
    void aDamagedDeviceFileIsRefusedAndLeftUntouched() throws Exception {
        HelperE2e e2e = HelperE2e.open(dir, Clock.systemUTC());
        DeviceClient phone = device();
        introduce(e2e, phone, "phone");
        String saved = Files.readString(dir.resolve("devices.json"));

        for (String damaged : new String[] {
            saved.replace(phone.deviceId(), "AAAAAAAAAAAAAAAAAAAAAA"),   // an id that is not its key's
            saved.replace("\"phone\"", "\"\""),                           // a name no introduction accepts
            saved.replace("\"version\" : 1", "\"version\" : 9"),
            "{not json"}) {
            Files.writeString(dir.resolve("devices.json"), damaged);
            assertThatThrownBy(() -> HelperE2e.open(dir, Clock.systemUTC())).isInstanceOf(IOException.class);
            assertThat(Files.readString(dir.resolve("devices.json"))).isEqualTo(damaged);
        }
    }

    @Test
    void aDamagedKeyFileIsRefused() throws Exception {
        HelperE2e.open(dir, Clock.systemUTC());
        Files.writeString(dir.resolve("e2e-key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> HelperE2e.open(dir, Clock.systemUTC())).isInstanceOf(IOException.class).hasMessageContaining("left untouched");
    }

    private static DeviceClient device() {
        return new DeviceClient(P256.generate(RANDOM), Clock.systemUTC(), KeySource.from(RANDOM));
    }

    private static TrustedHelper introduce(HelperE2e e2e, DeviceClient device, String name) throws Exception {
        var pending = device.introduce(Offer.parse(e2e.offer().offer()), name);
        HelperE2e.Introduced introduced = e2e.introduce(pending.message());
        assertThat(introduced.deviceFingerprint()).isEqualTo(device.fingerprint());
        return pending.confirm(new IntroductionAccepted(introduced.deviceId(), introduced.proof()));
    }
}

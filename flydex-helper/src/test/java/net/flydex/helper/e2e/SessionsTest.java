package net.flydex.helper.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.TrustedDevice;
import net.flydex.protocol.e2e.TrustedDevices;
import net.flydex.protocol.e2e.TrustedHelper;
import org.junit.jupiter.api.Test;

/** The caps on open sessions: per device and in all, the oldest pushed out and closed. */
class SessionsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final P256.KeyPair helperKey = P256.generate(RANDOM);
    private final TrustedDevices trusted = new TrustedDevices(List.of());
    private final HelperEndpoint endpoint = new HelperEndpoint("mch_1", helperKey, trusted, Clock.systemUTC(), KeySource.from(RANDOM));
    private final Sessions sessions = new Sessions();

    @Test
    void aDeviceHoldsAtMostEightSessionsAndTheOldestGoesFirst() throws Exception {
        DeviceClient device = device();
        List<OpenSession> opened = new ArrayList<>();
        for (int i = 0; i < SealedFrames.MAX_SESSIONS_PER_DEVICE; i++) {
            opened.add(open(device));
            assertThat(sessions.add(opened.getLast())).isEmpty();
        }

        OpenSession ninth = open(device);
        assertThat(sessions.add(ninth)).containsExactly(opened.getFirst());

        assertThat(sessions.size()).isEqualTo(SealedFrames.MAX_SESSIONS_PER_DEVICE);
        assertThat(sessions.find(device.deviceId(), opened.getFirst().sessionId())).isEmpty();
        assertThat(sessions.find(device.deviceId(), ninth.sessionId())).contains(ninth);
    }

    @Test
    void theHelperHoldsAtMostSixtyFourSessionsInAll() throws Exception {
        List<OpenSession> opened = new ArrayList<>();
        for (int i = 0; i < SealedFrames.MAX_SESSIONS; i++) {
            opened.add(open(device()));
            sessions.add(opened.getLast());
        }

        assertThat(sessions.add(open(device()))).containsExactly(opened.getFirst());
        assertThat(sessions.size()).isEqualTo(SealedFrames.MAX_SESSIONS);
    }

    @Test
    void removingIsByIdentityAndPerDevice() throws Exception {
        DeviceClient device = device();
        OpenSession a = open(device);
        OpenSession b = open(device);
        OpenSession other = open(device());
        sessions.add(a);
        sessions.add(b);
        sessions.add(other);

        assertThat(sessions.removeDevice(device.deviceId())).containsExactlyInAnyOrder(a, b);
        assertThat(sessions.remove(a)).isFalse();
        assertThat(sessions.snapshot()).containsExactly(other);
        assertThat(sessions.remove(other.deviceId(), other.sessionId())).contains(other);
        assertThat(sessions.size()).isZero();
    }

    private DeviceClient device() {
        P256.KeyPair key = P256.generate(RANDOM);
        trusted.add(new TrustedDevice(P256.deviceId(key.publicKey()), key.publicKey(), "d", java.time.Instant.now()));
        return new DeviceClient(key, Clock.systemUTC(), KeySource.from(RANDOM));
    }

    private OpenSession open(DeviceClient device) throws Exception {
        var handshake = device.handshake(new TrustedHelper(helperKey.publicKey()), "mch_1");
        return new OpenSession(endpoint.answer(device.deviceId(), handshake.hello()).session());
    }
}

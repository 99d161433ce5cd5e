package net.flydex.server.e2e;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.Introduction;
import net.flydex.protocol.e2e.Introductions;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.TrustedDevices;
import net.flydex.protocol.e2e.TrustedHelper;

/**
 * The two ends the control plane routes between, with real keys from flydex-protocol: a
 * helper's endpoint for one machine, and devices it introduced. Server tests use it where a
 * realistic frame helps; the server itself never opens anything.
 */
public final class E2eParties {
    private static final SecureRandom RANDOM = new SecureRandom();

    public final P256.KeyPair helperKey = P256.generate(RANDOM);
    public final TrustedDevices devices = new TrustedDevices(List.of());
    public final Introductions introductions = new Introductions(helperKey, devices, Clock.systemUTC(), RANDOM);
    public final HelperEndpoint endpoint;

    public E2eParties(String machineId) {
        this.endpoint = new HelperEndpoint(machineId, helperKey, devices, Clock.systemUTC(), KeySource.from(RANDOM));
    }

    /** A device introduced through a fresh offer, as the desktop's QR does it. */
    public Device introduce(String name) throws E2eException {
        DeviceClient client = newDevice();
        var pending = client.introduce(introductions.offer(), name);
        return new Device(client, pending.confirm(introductions.accept(pending.message())));
    }

    /** A device's introduction to this helper, not yet accepted (what a phone sends through the relay or a claim). */
    public Introduction introduction(String name) throws E2eException {
        return newDevice().introduce(introductions.offer(), name).message();
    }

    private static DeviceClient newDevice() {
        return new DeviceClient(P256.generate(RANDOM), Clock.systemUTC(), KeySource.from(RANDOM));
    }

    /** A trusted device and the helper key it pinned. */
    public record Device(DeviceClient client, TrustedHelper helper) {
        public String deviceId() {
            return client.deviceId();
        }
    }
}

package net.flydex.protocol.e2e;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** A helper and devices introduced to it through the real ceremony, with fresh random keys. */
final class Parties {
    static final SecureRandom RANDOM = new SecureRandom();
    static final Instant T0 = Instant.parse("2026-12-07T07:00:00Z");

    final String machineId;
    final Fixed.SettableClock clock = new Fixed.SettableClock(T0);
    final P256.KeyPair helperKey = P256.generate(RANDOM);
    final TrustedDevices devices = new TrustedDevices(List.of());
    final Introductions introductions = new Introductions(helperKey, devices, clock, RANDOM);
    final HelperEndpoint endpoint;

    Parties(String machineId) {
        this.machineId = machineId;
        this.endpoint = new HelperEndpoint(machineId, helperKey, devices, clock, KeySource.from(RANDOM));
    }

    Parties() {
        this("m_test");
    }

    /** A device introduced through a fresh offer; its pinned helper is {@link Device#helper}. */
    Device introduce(String name) throws E2eException {
        DeviceClient client = new DeviceClient(P256.generate(RANDOM), clock, KeySource.from(RANDOM));
        var pending = client.introduce(introductions.offer(), name);
        return new Device(client, pending.confirm(introductions.accept(pending.message())));
    }

    /** Both ends of a fresh session between {@code device} and this helper. */
    Session[] connect(Device device) throws E2eException {
        DeviceClient.Handshake handshake = device.client().handshake(device.helper(), machineId);
        HelperEndpoint.Answer answer = endpoint.answer(device.client().deviceId(), handshake.hello());
        return new Session[] {handshake.finish(answer.reply()), answer.session()};
    }

    record Device(DeviceClient client, TrustedHelper helper) {}
}

package net.flydex.protocol.e2e;

import static net.flydex.protocol.e2e.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;

/**
 * Wire messages read from JSON arrive with null where a field was missing: every entry point
 * refuses them with a {@link Failure}, never a NullPointerException, and changes nothing.
 */
class MissingFieldsTest {
    private final Parties parties = new Parties();

    @Test
    void anIntroductionWithMissingFieldsIsRefusedAndTrustsNobody() throws Exception {
        Introduction empty = WireJson.mapper().readValue("{}", Introduction.class);
        refused(Failure.OFFER_UNKNOWN, () -> parties.introductions.accept(empty));
        DeviceClient phone = new DeviceClient(P256.generate(Parties.RANDOM), parties.clock, KeySource.from(Parties.RANDOM));
        Introduction good = phone.introduce(parties.introductions.offer(), "phone").message();
        refused(Failure.MALFORMED, () -> parties.introductions.accept(new Introduction(good.offerId(), null, good.deviceName(), good.proof())));
        Introduction again = phone.introduce(parties.introductions.offer(), "phone").message();
        refused(Failure.MALFORMED, () -> parties.introductions.accept(new Introduction(again.offerId(), again.devicePublicKey(), null, again.proof())));
        Introduction third = phone.introduce(parties.introductions.offer(), "phone").message();
        refused(Failure.MALFORMED, () -> parties.introductions.accept(new Introduction(third.offerId(), third.devicePublicKey(), third.deviceName(), null)));
        assertThat(parties.devices.list()).isEmpty();
    }

    @Test
    void handshakesFramesAndDecisionsWithMissingFieldsAreRefused() throws Exception {
        Parties.Device phone = parties.introduce("phone");
        String deviceId = phone.client().deviceId();
        refused(Failure.DEVICE_UNKNOWN, () -> parties.endpoint.answer(null, "AQ"));
        refused(Failure.MALFORMED, () -> parties.endpoint.answer(deviceId, null));
        refused(Failure.DEVICE_UNKNOWN, () -> parties.endpoint.openDecision(null, "ap_1", "AQ"));
        refused(Failure.MALFORMED, () -> parties.endpoint.openDecision(deviceId, null, "AQ"));
        refused(Failure.MALFORMED, () -> parties.endpoint.openDecision(deviceId, "ap_1", null));
        refused(Failure.MALFORMED, () -> Offer.parse(null));
        refused(Failure.MALFORMED, () -> phone.client().handshake(phone.helper(), parties.machineId).finish(null));

        Session[] s = parties.connect(phone);
        refused(Failure.MALFORMED, () -> s[1].open("rpc", "", null));
        refused(Failure.SESSION_CLOSED, () -> s[1].open("rpc", "", s[0].seal("rpc", "", new byte[0])));
        Session[] t = parties.connect(phone);
        refused(Failure.MALFORMED, () -> t[1].open(null, "", t[0].seal("rpc", "", new byte[0])));
        Session[] u = parties.connect(phone);
        refused(Failure.MALFORMED, () -> u[1].open("rpc", null, u[0].seal("rpc", "", new byte[0])));
    }

    @Test
    void theDeviceRefusesAReplyWithMissingFields() throws Exception {
        DeviceClient phone = new DeviceClient(P256.generate(Parties.RANDOM), parties.clock, KeySource.from(Parties.RANDOM));
        var pending = phone.introduce(parties.introductions.offer(), "phone");
        IntroductionAccepted accepted = parties.introductions.accept(pending.message());
        refused(Failure.AUTH_FAILED, () -> pending.confirm(new IntroductionAccepted(null, accepted.proof())));
        refused(Failure.MALFORMED, () -> pending.confirm(new IntroductionAccepted(accepted.deviceId(), null)));
        assertThat(pending.confirm(accepted).publicKey()).isEqualTo(parties.helperKey.publicKey());
    }
}

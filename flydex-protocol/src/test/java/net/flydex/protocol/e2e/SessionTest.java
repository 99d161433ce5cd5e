package net.flydex.protocol.e2e;

import static net.flydex.protocol.e2e.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Sealed frames between live sessions: what a hostile relay may do to them, and what stops it. */
class SessionTest {
    private final Parties parties = new Parties();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framesFlowBothWaysInOrder() throws Exception {
        Session[] s = parties.connect(parties.introduce("phone"));
        for (int i = 0; i < 50; i++) {
            assertThat(new String(s[1].open("rpc", "", s[0].seal("rpc", "", utf8("ask " + i))), StandardCharsets.UTF_8)).isEqualTo("ask " + i);
            assertThat(new String(s[0].open("event", "", s[1].seal("event", "", utf8("tell " + i))), StandardCharsets.UTF_8)).isEqualTo("tell " + i);
        }
    }

    @Test
    void aBitFlippedAnywhereIsRefusedAndEndsTheSession() throws Exception {
        Parties.Device phone = parties.introduce("phone");
        int length = Base64Url.decode(parties.connect(phone)[0].seal("rpc", "", utf8("{\"method\":\"turn/start\"}"))).length;
        for (int at = 0; at < length; at++) {
            for (int bit = 0; bit < 8; bit += 7) {
                Session[] s = parties.connect(phone);
                byte[] frame = Base64Url.decode(s[0].seal("rpc", "", utf8("{\"method\":\"turn/start\"}")));
                frame[at] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> s[1].open("rpc", "", Base64Url.encode(frame))).isInstanceOf(E2eException.class);
                assertThat(s[1].isClosed()).isTrue();
            }
        }
    }

    @Test
    void aFrameOfOneDeviceDoesNotOpenInAnotherDevicesSession() throws Exception {
        Session[] ada = parties.connect(parties.introduce("ada"));
        Session[] bob = parties.connect(parties.introduce("bob"));
        String toBob = bob[1].seal("event", "", utf8("bob's output"));
        refused(Failure.AUTH_FAILED, () -> bob[1].open("rpc", "", ada[0].seal("rpc", "", utf8("approve it"))));
        refused(Failure.AUTH_FAILED, () -> ada[0].open("event", "", toBob));
    }

    @Test
    void aFrameOfOneSocketDoesNotOpenInTheNextSessionOfTheSameDevice() throws Exception {
        Parties.Device phone = parties.introduce("phone");
        Session[] first = parties.connect(phone);
        Session[] second = parties.connect(phone);
        assertThat(first[0].sessionId()).isEqualTo(first[1].sessionId()).isNotEqualTo(second[0].sessionId());
        assertThat(second[1].sessionId()).isEqualTo(second[0].sessionId());
        refused(Failure.AUTH_FAILED, () -> second[1].open("rpc", "", first[0].seal("rpc", "", utf8("old socket"))));
    }

    @Test
    void aHelperOfAnotherMachineCannotCompleteTheHandshake() throws Exception {
        Parties.Device phone = parties.introduce("phone");
        Parties impostor = new Parties("m_other");
        impostor.devices.add(parties.devices.find(phone.client().deviceId()).orElseThrow());
        DeviceClient.Handshake handshake = phone.client().handshake(phone.helper(), parties.machineId);
        String reply = impostor.endpoint.answer(phone.client().deviceId(), handshake.hello()).reply();
        refused(Failure.AUTH_FAILED, () -> handshake.finish(reply));
    }

    @Test
    void aMachineIdChangedOnTheWayMakesTheConfirmationFail() throws Exception {
        Parties.Device phone = parties.introduce("phone");
        DeviceClient.Handshake handshake = phone.client().handshake(phone.helper(), "m_somewhere_else");
        String reply = parties.endpoint.answer(phone.client().deviceId(), handshake.hello()).reply();
        refused(Failure.AUTH_FAILED, () -> handshake.finish(reply));
    }

    @Test
    void aRevokedDevicesNextFrameIsRefusedOnAnOpenSession() throws Exception {
        Parties.Device phone = parties.introduce("phone");
        Session[] s = parties.connect(phone);
        String frame = s[0].seal("rpc", "", utf8("before"));
        assertThat(s[1].open("rpc", "", frame)).isEqualTo(utf8("before"));
        String next = s[0].seal("rpc", "", utf8("after"));

        assertThat(parties.devices.revoke(phone.client().deviceId())).isTrue();

        refused(Failure.DEVICE_UNKNOWN, () -> s[1].open("rpc", "", next));
        refused(Failure.SESSION_CLOSED, () -> s[1].seal("result", "", utf8("nothing")));
        refused(Failure.DEVICE_UNKNOWN, () -> parties.connect(phone));
    }

    @Test
    void aPlaintextAboveTheLimitIsRefusedAndTheSessionGoesOn() throws Exception {
        Session[] s = parties.connect(parties.introduce("phone"));
        refused(Failure.TOO_LARGE, () -> s[1].seal("result", "", new byte[E2eLimits.MAX_FRAME_PLAINTEXT_BYTES + 1]));
        String largest = s[1].seal("result", "", new byte[E2eLimits.MAX_FRAME_PLAINTEXT_BYTES]);
        assertThat(s[0].open("result", "", largest)).hasSize(E2eLimits.MAX_FRAME_PLAINTEXT_BYTES);
    }

    @Test
    void theLargestSealedFrameFitsARelayFrameBesideItsEnvelope() {
        int sealedChars = ((E2eLimits.FRAME_HEADER_BYTES + E2eLimits.MAX_FRAME_PLAINTEXT_BYTES + E2eLimits.TAG_BYTES) * 4 + 2) / 3;
        assertThat(sealedChars + E2eLimits.RELAY_ENVELOPE_RESERVE_BYTES).isLessThanOrEqualTo(net.flydex.protocol.Limits.MAX_FRAME_BYTES);
        int pushChars = ((E2eLimits.ONE_SHOT_HEADER_BYTES + E2eLimits.MAX_PUSH_PLAINTEXT_BYTES + E2eLimits.TAG_BYTES) * 4 + 2) / 3;
        assertThat(pushChars + E2eLimits.PUSH_ENVELOPE_RESERVE_BYTES + E2eLimits.WEB_PUSH_ENCRYPTION_OVERHEAD_BYTES)
                .isLessThanOrEqualTo(E2eLimits.WEB_PUSH_MAX_BODY_BYTES);
    }
}

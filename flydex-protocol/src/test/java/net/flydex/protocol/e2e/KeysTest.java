package net.flydex.protocol.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key encoding, ids, fingerprints and the strict base64url every binary field uses. */
class KeysTest {
    @Test
    void aGeneratedKeyIsAValidPointAndSurvivesItsScalar() throws Exception {
        P256.KeyPair pair = P256.generate(Parties.RANDOM);
        P256.checkPoint(pair.publicKey());
        P256.KeyPair again = P256.fromScalar(P256.scalar(pair.privateKey()), pair.publicKey());
        P256.KeyPair peer = P256.generate(Parties.RANDOM);
        assertThat(P256.agree(again.privateKey(), peer.publicKey())).isEqualTo(P256.agree(peer.privateKey(), pair.publicKey()))
                .hasSize(E2eLimits.SHARED_SECRET_BYTES);
        assertThat(P256.deviceId(pair.publicKey())).hasSize(22).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aKeyPairsPublicKeyCannotBeChangedFromOutside() {
        P256.KeyPair pair = P256.generate(Parties.RANDOM);
        byte[] before = pair.publicKey();
        pair.publicKey()[1] ^= 1;
        assertThat(pair.publicKey()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AA==", "AA=", "+w", "/w", "A", "AB", "A_", "AAB", "AA_", "AAAAAB", "AAA B", " AA"})
    void base64urlIsStrict(String text) {
        assertThatThrownBy(() -> Base64Url.decode(text)).isInstanceOfSatisfying(E2eException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.MALFORMED));
        assertThat(Base64Url.isCanonical(text)).isFalse();
    }

    @Test
    void base64urlRoundTrips() throws Exception {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0, 1};
        assertThat(Base64Url.encode(bytes)).isEqualTo("-_8AAQ");
        assertThat(Base64Url.decode("-_8AAQ")).isEqualTo(bytes);
        assertThat(Base64Url.decode("")).isEmpty();
    }

    /**
     * Every tail of one, two and three characters: decoding accepts exactly the spellings encoding
     * makes, and the check by shape ({@link Base64Url#isCanonical}, the relay's) exactly those decoding accepts.
     */
    @Test
    void base64urlAcceptsExactlyTheCanonicalSpellings() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ \u00e9";
        int accepted = 0;
        for (String tail : tails(alphabet)) {
            String text = "AAAA" + tail;
            byte[] bytes;
            try {
                bytes = Base64Url.decode(text);
            } catch (E2eException refused) {
                assertThat(Base64Url.isCanonical(text)).as(text).isFalse();
                continue;
            }
            assertThat(Base64Url.isCanonical(text)).as(text).isTrue();
            assertThat(Base64Url.encode(bytes)).as(text).isEqualTo(text);
            accepted++;
        }
        assertThat(accepted).isEqualTo(64 * 64 / 16 + 64 * 64 * 64 / 4); // 256 one-byte and 65,536 two-byte tails
    }

    private static List<String> tails(String alphabet) {
        List<String> tails = new ArrayList<>();
        for (char a : alphabet.toCharArray()) {
            tails.add(String.valueOf(a));
            for (char b : alphabet.toCharArray()) {
                tails.add("" + a + b);
                for (char c : alphabet.toCharArray()) {
                    tails.add("" + a + b + c);
                }
            }
        }
        return tails;
    }
}

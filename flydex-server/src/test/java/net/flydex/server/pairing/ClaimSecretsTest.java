package net.flydex.server.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import net.flydex.server.security.Tokens;
import org.junit.jupiter.api.Test;

/** T3: claim codes and poll tokens come from {@link Tokens#newSecret()}; guessing one must be hopeless. */
class ClaimSecretsTest {
    private static final int SAMPLES = 100_000;

    @Test
    void aHundredThousandSecretsAreDistinctUrlSafeAnd128Bits() {
        var seen = new HashSet<String>();
        for (int i = 0; i < SAMPLES; i++) {
            String secret = Tokens.newSecret();
            assertThat(secret).matches("[A-Za-z0-9_-]{22}");
            seen.add(secret);
        }
        assertThat(seen).hasSize(SAMPLES);
        assertThat(Base64.getUrlDecoder().decode(seen.iterator().next())).hasSize(16);
    }
}

package net.flydex.helper.localapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    @Test
    void readsABodyUpToTheLimit() throws IOException {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[10]), 10)).hasSize(10);
    }

    @Test
    void refusesOneByteMoreWith413() {
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(new byte[11]), 10))
                .isInstanceOfSatisfying(RejectedRequest.class, rejected -> assertThat(rejected.reply().status()).isEqualTo(413));
    }

    @Test
    void neverReadsMoreThanTheLimitPlusOne() {
        CountingEndlessStream endless = new CountingEndlessStream();
        assertThatThrownBy(() -> BoundedBody.read(endless, 1024)).isInstanceOf(RejectedRequest.class);
        assertThat(endless.read).isEqualTo(1025);
    }

    /** A body that never ends, as a hostile client can send with chunked encoding. */
    private static final class CountingEndlessStream extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 'x';
        }
    }
}

package net.flydex.helper.localapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request's body: exactly its {@code Content-Length} bytes of the connection, no more, so the next
 * request on the connection starts where it should. A client that sent {@code Expect: 100-continue}
 * is told to go on when the route first reads, so a refused request's body is never sent.
 */
final class RequestBody extends InputStream {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final DeadlineInput in;
    private final OutputStream out;
    private long remaining;
    private boolean continueOwed;

    RequestBody(DeadlineInput in, OutputStream out, long length, boolean expectsContinue) {
        this.in = in;
        this.out = out;
        this.remaining = length;
        this.continueOwed = expectsContinue && length > 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, target.length);
        if (remaining == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        if (continueOwed) {
            continueOwed = false;
            out.write(CONTINUE);
            out.flush();
        }
        int count = in.read(target, offset, (int) Math.min(length, remaining));
        if (count < 0) {
            throw new IOException("the connection ended inside a request body");
        }
        remaining -= count;
        return count;
    }

    /** Whether the whole body was read, so the connection is at the next request's first byte. */
    boolean consumed() {
        return remaining == 0;
    }
}

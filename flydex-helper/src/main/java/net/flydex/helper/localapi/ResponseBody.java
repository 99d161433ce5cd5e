package net.flydex.helper.localapi;

import java.io.IOException;
import java.io.OutputStream;

/** A response's body: exactly the length its head announced; writing more is a bug, and is refused. */
final class ResponseBody extends OutputStream {
    private final OutputStream out;
    private long remaining;
    private boolean closed;

    ResponseBody(OutputStream out, long length) {
        this.out = out;
        this.remaining = length;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        if (closed) {
            throw new IOException("the response body is closed");
        }
        if (length > remaining) {
            throw new IOException("more bytes than the Content-Length announced");
        }
        out.write(bytes, offset, length);
        remaining -= length;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Sends what is buffered; the connection itself stays open for the next request. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.flush();
        }
    }

    /** Whether every announced byte was written, so the client can tell where the next response starts. */
    boolean complete() {
        return remaining == 0;
    }
}

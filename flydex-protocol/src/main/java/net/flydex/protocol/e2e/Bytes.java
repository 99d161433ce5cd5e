package net.flydex.protocol.e2e;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Byte layouts the protocol hashes, MACs and authenticates; e2e.js builds the same bytes. Only
 * {@link #concat} is public, for the helper's key file; the layouts stay the protocol's own.
 */
public final class Bytes {
    /** A field longer than a uint16 length prefix can say is a caller's bug, never wire input. */
    private static final int MAX_FIELD_BYTES = 0xFFFF;

    private Bytes() {}

    /** The parts one after another in a new array; the parts themselves are not changed. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length; // A loop, not a stream: this runs for every sealed frame.
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /**
     * Each field as a big-endian uint16 length then its bytes, strings in UTF-8: one layout for
     * every transcript and associated data, so no two different field lists share an encoding.
     */
    static byte[] fields(Object... fields) {
        // Sized first and written into one array: two of these are laid out for every sealed frame.
        byte[][] encoded = new byte[fields.length][];
        int length = 0;
        for (int i = 0; i < fields.length; i++) {
            encoded[i] = switch (fields[i]) {
                case byte[] b -> b;
                case String s -> s.getBytes(StandardCharsets.UTF_8);
                default -> throw new IllegalArgumentException("a field is bytes or a string");
            };
            if (encoded[i].length > MAX_FIELD_BYTES) {
                throw new IllegalArgumentException("field too long");
            }
            length += 2 + encoded[i].length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] field : encoded) {
            out[at++] = (byte) (field.length >>> 8);
            out[at++] = (byte) field.length;
            System.arraycopy(field, 0, out, at, field.length);
            at += field.length;
        }
        return out;
    }

    static byte[] uint64(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

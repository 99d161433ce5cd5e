package net.flydex.server.cluster;

import java.util.Optional;
import net.flydex.protocol.Limits;
import net.flydex.protocol.WireJson;
import tools.jackson.core.JacksonException;

/**
 * A bus message on the wire: the envelope as one line of JSON, a newline, then the frame exactly
 * as the helper or relay wrote it - so the frame is neither parsed nor escaped on its way through.
 * Anything that does not read back as a whole, valid envelope is dropped.
 */
final class BusCodec {
    /** An envelope is a few ids; anything longer is not one of ours. */
    static final int MAX_ENVELOPE_CHARS = 4096;
    /** The largest frame a helper or browser may send, plus its envelope. */
    static final int MAX_MESSAGE_CHARS = Limits.MAX_FRAME_BYTES + MAX_ENVELOPE_CHARS;

    /** An envelope and the frame it carries (empty for presence and disconnects). */
    record Decoded(BusMessage message, String frame) {}

    private BusCodec() {}

    static String encode(BusMessage message, String frame) {
        return WireJson.mapper().writerFor(BusMessage.class).writeValueAsString(message) + "\n" + frame;
    }

    static Optional<Decoded> decode(String text) {
        int newline = text.indexOf('\n');
        if (newline <= 0 || newline > MAX_ENVELOPE_CHARS || text.length() > MAX_MESSAGE_CHARS) {
            return Optional.empty();
        }
        try {
            BusMessage message = WireJson.mapper().readValue(text.substring(0, newline), BusMessage.class);
            return message == null ? Optional.empty() : Optional.of(new Decoded(message, text.substring(newline + 1)));
        } catch (JacksonException | IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}

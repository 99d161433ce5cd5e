package net.flydex.helper.localapi;

import java.io.IOException;
import java.io.InputStream;
import net.flydex.protocol.ErrorCode;

/** Reads a request body while never holding more than the limit plus the one byte that proves it too long. */
final class BoundedBody {
    private BoundedBody() {}

    /** @throws RejectedRequest 413 {@code bad_request} when the body is longer than {@code limit} */
    static byte[] read(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new RejectedRequest(413, ErrorCode.BAD_REQUEST, "The request body is larger than " + limit + " bytes.");
        }
        return bytes;
    }
}

package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Set;
import net.flydex.helper.e2e.IntroductionJson;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.Failure;

/**
 * {@code POST /v1/e2e/introduce} with {@code {"introduction":{offerId,devicePublicKey,deviceName,proof}}}:
 * the desktop page introduces itself, or hands over the phone's introduction from an approved
 * pairing claim. 200 {@code {"deviceId","proof","deviceFingerprint","helperFingerprint"}}; a
 * refused introduction is 400 (it cannot be one) or 403 (it names no open offer, the offer
 * expired, or the proof is wrong) with the {@code Failure}'s wire name as the error code. The
 * offer is consumed either way.
 */
final class E2eIntroduceEndpoint implements Endpoint {
    /** An introduction is about 400 bytes of JSON (a 64-byte name, a key, a MAC); 4 KiB leaves room for escapes. */
    static final int MAX_BODY_BYTES = 4 * 1024;
    /** Failures that say the request could never be an introduction; the others are refusals of a well-formed one. */
    private static final Set<Failure> MALFORMED = Set.of(Failure.MALFORMED, Failure.BAD_VERSION, Failure.BAD_POINT, Failure.TOO_LARGE);

    private final LocalE2e e2e;

    E2eIntroduceEndpoint(LocalE2e e2e) {
        this.e2e = e2e;
    }

    @Override
    public String path() {
        return "/v1/e2e/introduce";
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        WebCaller.require(exchange.getRequestHeaders());
        var body = JsonBody.object(BoundedBody.read(exchange.getRequestBody(), MAX_BODY_BYTES));
        try {
            return Reply.json(200, e2e.introduce(IntroductionJson.parse(body.path("introduction"))));
        } catch (E2eException e) {
            throw new RejectedRequest(MALFORMED.contains(e.failure()) ? 400 : 403, e.failure().wire(), "The introduction was refused: "
                    + e.getMessage() + ".");
        } catch (IOException e) {
            throw new RejectedRequest(500, ErrorCode.INTERNAL, "The helper could not save its device list; its log has the details.");
        }
    }
}

package net.flydex.helper.localapi;

/**
 * {@code POST /v1/e2e/offer} with body {@code {}}: a fresh QR offer for the desktop page (or
 * {@code flydex pair}) to show, {@code {"offer","helperFingerprint","expiresAt"}}. Behind the same
 * gates as {@code /v1/connect}: an offer is what lets a device introduce itself, so only the
 * FlyDex page (or a local program) may take one.
 */
final class E2eOfferEndpoint extends WebPost {
    /** The body is {@code {}}; anything longer is not an offer request. */
    static final int MAX_BODY_BYTES = 256;

    private final LocalE2e e2e;

    E2eOfferEndpoint(LocalE2e e2e) {
        super(MAX_BODY_BYTES);
        this.e2e = e2e;
    }

    @Override
    public String path() {
        return "/v1/e2e/offer";
    }

    @Override
    Reply answer(byte[] body) {
        JsonBody.object(body);
        return Reply.json(200, e2e.offer());
    }
}

package net.flydex.bench;

import net.flydex.testkit.ApiClient;

/** Checking the control plane's answers: a bench that times failed requests measures nothing. */
final class Answers {
    private Answers() {}

    /** The response, if its status is the expected one; otherwise stops the bench, saying what happened. */
    static ApiClient.Response expect(ApiClient.Response response, int status, String what) {
        if (response.status() != status) {
            throw new IllegalStateException(what + " answered " + response.status() + " instead of " + status + ": " + response.body());
        }
        return response;
    }
}

package net.flydex.bench;

import tools.jackson.databind.JsonNode;

/** One way of sending app-server requests, timed by the bench: through the bridge, or straight to Codex. */
interface AppServerClient extends AutoCloseable {

    /** Sends one request and blocks for its result; fails with an unchecked exception on error or timeout. */
    JsonNode call(String method, JsonNode params);

    @Override
    void close();
}

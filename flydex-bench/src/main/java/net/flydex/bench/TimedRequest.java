package net.flydex.bench;

import net.flydex.protocol.WireJson;
import tools.jackson.databind.node.ObjectNode;

/** The request the latency bench times: the thread list a phone asks for on its first screen. */
final class TimedRequest {
    static final String METHOD = "thread/list";
    /** One phone screen of threads; larger than {@link ThreadSeeder#THREADS}, so every seeded thread is listed. */
    static final int LIMIT = 5;

    private TimedRequest() {}

    static ObjectNode params() {
        return WireJson.mapper().createObjectNode().put("limit", LIMIT);
    }
}

package net.flydex.helper.uplink;

import tools.jackson.databind.JsonNode;

/** What the {@link AgentLink} tells the relay riding on it. Called on the link's own threads: never block. */
public interface LinkListener {
    /** A frame from the server after the welcome (rpcs, hellos, introductions, decisions, closes). */
    void onServerMessage(JsonNode message);

    /** A socket was welcomed: whatever rode on the one before (sealed sessions and their counters) is gone. */
    void onWelcome();

    /** Every queued frame has left: a sender holding frames back may send them now. */
    void onDrained();
}

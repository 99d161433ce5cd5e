package net.flydex.server.cluster;

import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import net.flydex.server.machines.FrameEnvelope;

/**
 * The request id a bus message carries in its envelope, so one message can be followed through
 * every node's log. An rpc's id is its relay id, which the helper's answer carries back, so a
 * request and its answer share one id; any other frame gets a fresh id of this node's own.
 */
final class RequestIds {
    /**
     * What a relay id looks like ({@code Tokens.newId}). A helper writes its answers' ids, so
     * anything else is not taken: nothing a helper sends can stretch an envelope or forge a log line.
     */
    private static final Pattern RELAY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String node;
    private final AtomicLong sequence = new AtomicLong();

    RequestIds(String node) {
        this.node = node;
    }

    String forFrame(String frame) {
        return FrameEnvelope.peek(frame).flatMap(FrameEnvelope.Head::id).filter(id -> RELAY_ID.matcher(id).matches())
                .orElseGet(() -> node + "-" + sequence.incrementAndGet());
    }
}

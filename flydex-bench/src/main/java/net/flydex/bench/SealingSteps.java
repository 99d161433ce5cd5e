package net.flydex.bench;

import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.testkit.SealedDevice;
import net.flydex.testkit.SealedSessions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a sealed round trip's own work goes, in process and without a socket: the four steps the
 * relay bench's sealed path takes per {@code approvals/list} (the browser seals the rpc, the helper
 * opens it, seals the answer, the browser opens it), on the same classes ({@link SealedSessions},
 * {@link AgentSealing}), each with the JSON it writes and reads. Set beside the measured
 * difference between the sealed and the clear path, it says how much of it is the cryptography.
 */
final class SealingSteps {
    private static final String MACHINE_ID = "m_steps";

    /** Microsecond figures per step, and of the four together. */
    record Result(Latencies deviceSeals, Latencies helperOpens, Latencies helperSeals, Latencies deviceOpens, Latencies all) {}

    private SealingSteps() {}

    static Result run(int rounds, int warmup) {
        var agent = new AgentSealing(MACHINE_ID);
        SealedDevice device = SealedDevice.create("steps bench browser");
        agent.introduce(device);
        var browser = new SealedSessions(device);
        browser.read(agent.hello(browser.hello("hello", MACHINE_ID)));
        ObjectNode empty = WireJson.mapper().createObjectNode();
        JsonNode none = WireJson.mapper().createObjectNode().set("approvals", WireJson.mapper().createArrayNode());
        long[][] nanos = new long[5][rounds];
        for (int i = -warmup; i < rounds; i++) {
            long t0 = System.nanoTime();
            String rpc = browser.rpc(RelayLatency.id(Math.max(i, 0)), MACHINE_ID, "approvals/list", empty);
            long t1 = System.nanoTime();
            AgentSealing.Opened opened = agent.open(WireJson.mapper().readTree(rpc)).orElseThrow();
            long t2 = System.nanoTime();
            String result = opened.result(none);
            long t3 = System.nanoTime();
            JsonNode clear = browser.read(WireJson.mapper().readTree(result));
            long t4 = System.nanoTime();
            if (!clear.path("type").asString("").equals(SealedFrames.RESULT)) {
                throw new IllegalStateException("a step failed: " + clear);
            }
            if (i >= 0) {
                nanos[0][i] = t1 - t0;
                nanos[1][i] = t2 - t1;
                nanos[2][i] = t3 - t2;
                nanos[3][i] = t4 - t3;
                nanos[4][i] = t4 - t0;
            }
        }
        return new Result(Latencies.of(nanos[0]), Latencies.of(nanos[1]), Latencies.of(nanos[2]), Latencies.of(nanos[3]), Latencies.of(nanos[4]));
    }
}

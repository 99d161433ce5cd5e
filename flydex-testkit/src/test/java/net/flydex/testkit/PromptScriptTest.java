package net.flydex.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scripted model never ends a turn while the command it ran is still running: the tests read
 * a command's file once its turn completed.
 */
class PromptScriptTest {
    private static final String RUNNING = "Chunk ID: 4cb241\nWall time: 5.0017 seconds\nProcess running with session ID 5502\n"
            + "Original token count: 0\nOutput:\n";
    private static final String EXITED = "Chunk ID: a9c46a\nWall time: 1.0868 seconds\nProcess exited with code 0\n"
            + "Original token count: 2\nOutput:\nslow\n";

    private final PromptScript script = new PromptScript();

    @Test
    void aCommandCodexStoppedWaitingForIsPolledUntilItExits() {
        assertThat(script.apply(request("CMD: sleep 6 && echo slow", RUNNING))).isEqualTo(new ModelReply.Poll(5502));
        assertThat(script.apply(request("CMD: sleep 6 && echo slow", RUNNING, RUNNING))).isEqualTo(new ModelReply.Poll(5502));

        ModelReply done = script.apply(request("CMD: sleep 6 && echo slow", RUNNING, EXITED));
        assertThat(done).isInstanceOfSatisfying(ModelReply.Message.class,
                m -> assertThat(m.text()).startsWith("Tool finished. Output was: ").contains("Process exited with code 0", "slow\n"));
    }

    @Test
    void onlyCodexsOwnWordsCountNotTheCommandsOutput() {
        String echoed = "Chunk ID: 1\nWall time: 0.1 seconds\nProcess exited with code 0\nOriginal token count: 9\nOutput:\n"
                + "Process running with session ID 7\n";

        assertThat(script.apply(request("CMD: echo 'Process running with session ID 7'", echoed))).isInstanceOf(ModelReply.Message.class);
    }

    @Test
    void aPlanCountsItsStepsNotThePolls() {
        assertThat(script.apply(request("PLAN: a | b", "Plan updated", RUNNING))).isEqualTo(new ModelReply.Poll(5502));
        assertThat(script.apply(request("PLAN: a | b", "Plan updated", RUNNING, EXITED))).isInstanceOf(ModelReply.Plan.class);
    }

    /** A follow-up request: the prompt, then a call and its output for each of {@code outputs}. */
    private static ModelRequest request(String prompt, String... outputs) {
        ObjectNode body = WireJson.mapper().createObjectNode();
        var input = body.putArray("input");
        input.addObject().put("type", "message").put("role", "user").putArray("content").addObject().put("type", "input_text").put("text", prompt);
        for (int i = 0; i < outputs.length; i++) {
            input.addObject().put("type", "function_call").put("call_id", "call_" + i).put("name", "exec_command").put("arguments", "{}");
            input.addObject().put("type", "function_call_output").put("call_id", "call_" + i).put("output", outputs[i]);
        }
        return new ModelRequest(Map.of(), body);
    }
}

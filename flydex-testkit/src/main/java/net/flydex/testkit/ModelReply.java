package net.flydex.testkit;

import java.util.List;

/** What the scripted model answers to one {@code POST /v1/responses}. */
public sealed interface ModelReply {

    /** Ask Codex to run a shell command through the {@code exec_command} tool. */
    record Command(String cmd) implements ModelReply {}

    /**
     * Wait on a command Codex left running ({@code write_stdin} with no input): what a model does
     * when the tool output says "Process running with session ID n" instead of an exit code.
     */
    record Poll(int sessionId) implements ModelReply {}

    /** Ask Codex to apply a patch through the freeform {@code apply_patch} tool. */
    record Patch(String patch) implements ModelReply {}

    /**
     * Ask the person through the {@code request_user_input} tool: one question (id {@code q1})
     * with these option labels. Codex offers the tool only in Plan mode.
     */
    record Question(String question, List<String> options) implements ModelReply {
        public Question {
            options = List.copyOf(options);
        }
    }

    /** Stream an assistant message, split into these deltas, pausing {@code pause} before each one. */
    record Message(List<String> deltas, java.time.Duration pause) implements ModelReply {
        public Message {
            deltas = List.copyOf(deltas);
        }

        public Message(List<String> deltas) {
            this(deltas, java.time.Duration.ZERO);
        }

        public String text() {
            return String.join("", deltas);
        }
    }

    /** A step of a plan and its status as the model names it: {@code pending}, {@code in_progress}, {@code completed}. */
    record Step(String step, String status) {}

    /** Publish a checklist through the {@code update_plan} tool; Codex reports it as {@code turn/plan/updated}. */
    record Plan(String explanation, List<Step> steps) implements ModelReply {
        public Plan {
            steps = List.copyOf(steps);
        }
    }

    /** A reasoning summary, then the message, in one response: Codex shows a {@code reasoning} item. */
    record Reasoned(String summary, Message message) implements ModelReply {}

    /** A web search the model ran itself, then the message: Codex shows a {@code webSearch} item. */
    record WebSearch(String query, Message message) implements ModelReply {}

    /** The response fails with this error message: Codex fails the turn and reports the message. */
    record Failure(String message) implements ModelReply {}

    static Command command(String cmd) {
        return new Command(cmd);
    }

    /** A patch adding {@code path} with {@code content} (one line per {@code \n}). */
    static Patch addFile(String path, String content) {
        var body = new StringBuilder("*** Begin Patch\n*** Add File: ").append(path).append('\n');
        content.lines().forEach(line -> body.append('+').append(line).append('\n'));
        return new Patch(body.append("*** End Patch\n").toString());
    }

    /** A message streamed in chunks of at most {@code chunk} characters. */
    static Message message(String text, int chunk) {
        var deltas = new java.util.ArrayList<String>();
        for (int i = 0; i < text.length(); i += chunk) {
            deltas.add(text.substring(i, Math.min(text.length(), i + chunk)));
        }
        return new Message(deltas.isEmpty() ? List.of("") : deltas);
    }
}

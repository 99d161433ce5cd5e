package net.flydex.testkit;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default script: the prompt itself says what the model does, so concurrent tests (and
 * several clients on one Codex daemon) never compete for a shared queue.
 *
 * <ul>
 *   <li>{@code CMD: <shell command>} - run it, then report its output in a message;
 *   <li>{@code PATCH: <path> <content>} - add that file, then say it is done;
 *   <li>{@code ASK: <question> | <option> | <option>...} - ask the person through
 *       {@code request_user_input} (Codex offers it in Plan mode only), then report the answers;
 *   <li>{@code PLAN: <step> | <step>...} - publish the plan (first step in progress), run
 *       {@code echo plan-step} (which asks for approval under {@code untrusted}), publish it again
 *       with every step completed, then say "Plan done.";
 *   <li>{@code THINK: <summary> :: <answer>} - a reasoning summary, then the answer;
 *   <li>{@code SEARCH: <query>} - a web search, then "Searched for <query>.";
 *   <li>{@code FAIL: <message>} - the response fails with that error;
 *   <li>{@code SLOW: <n>} - stream n numbered lines, one every {@link #SLOW_PAUSE};
 *   <li>{@code SAY: <text>} or anything else - stream the text back in small deltas.
 * </ul>
 *
 * <p>After a tool ran, the follow-up request carries its output; the script answers
 * {@code "Tool finished. Output was: <output>"}, as the brief's mock did. A command still running
 * when Codex stopped waiting for it is polled ({@code write_stdin}) until it exits, as a model
 * would, so a turn never ends before the command it ran.
 */
public final class PromptScript implements Function<ModelRequest, ModelReply> {
    /** Characters per streamed delta: small, so every reply is several deltas. */
    public static final int DELTA_CHARS = 8;
    /** Pause between the lines of a {@code SLOW:} answer: long enough for a reader to scroll meanwhile. */
    public static final java.time.Duration SLOW_PAUSE = java.time.Duration.ofMillis(150);
    /** Codex's words for a command still running when the call's yield time ran out. */
    private static final Pattern RUNNING = Pattern.compile("^Process running with session ID (\\d+)$", Pattern.MULTILINE);

    @Override
    public ModelReply apply(ModelRequest request) {
        var outputs = request.toolOutputsThisTurn();
        String prompt = request.lastPrompt().orElse("").strip();
        var running = outputs.isEmpty() ? Optional.<Integer>empty() : stillRunning(outputs.getLast());
        if (running.isPresent()) {
            return new ModelReply.Poll(running.get());
        }
        if (prompt.startsWith("PLAN:")) {
            return planStep(prompt.substring(5), (int) outputs.stream().filter(o -> stillRunning(o).isEmpty()).count());
        }
        if (!outputs.isEmpty()) {
            // Every output of this turn: a polled command's output comes in several.
            return ModelReply.message("Tool finished. Output was: " + String.join("", outputs), DELTA_CHARS);
        }
        if (prompt.startsWith("CMD:")) {
            return ModelReply.command(prompt.substring(4).strip());
        }
        if (prompt.startsWith("PATCH:")) {
            String[] pathAndContent = prompt.substring(6).strip().split(" ", 2);
            return ModelReply.addFile(pathAndContent[0], pathAndContent.length > 1 ? pathAndContent[1] : "");
        }
        if (prompt.startsWith("ASK:")) {
            String[] parts = prompt.substring(4).split("\\|");
            var options = java.util.Arrays.stream(parts).skip(1).map(String::strip).filter(o -> !o.isEmpty()).toList();
            return new ModelReply.Question(parts[0].strip(), options);
        }
        if (prompt.startsWith("THINK:")) {
            String[] summaryAndAnswer = prompt.substring(6).split("::", 2);
            return new ModelReply.Reasoned(summaryAndAnswer[0].strip(),
                    ModelReply.message(summaryAndAnswer.length > 1 ? summaryAndAnswer[1].strip() : "", DELTA_CHARS));
        }
        if (prompt.startsWith("SEARCH:")) {
            String query = prompt.substring(7).strip();
            return new ModelReply.WebSearch(query, ModelReply.message("Searched for " + query + ".", DELTA_CHARS));
        }
        if (prompt.startsWith("FAIL:")) {
            return new ModelReply.Failure(prompt.substring(5).strip());
        }
        if (prompt.startsWith("SLOW:")) {
            int lines = Integer.parseInt(prompt.substring(5).strip());
            var deltas = java.util.stream.IntStream.rangeClosed(1, lines).mapToObj(i -> "Line " + i + " of the slow answer.\n\n").toList();
            return new ModelReply.Message(deltas, SLOW_PAUSE);
        }
        String text = prompt.startsWith("SAY:") ? prompt.substring(4).strip() : "You said: " + prompt;
        return ModelReply.message(text, DELTA_CHARS);
    }

    /**
     * The session of a command Codex stopped waiting for ({@code yield_time_ms} passed before it
     * exited - on a loaded machine even {@code echo} can): it is still running, so its output and
     * effects are still to come.
     */
    static Optional<Integer> stillRunning(String toolOutput) {
        int output = toolOutput.indexOf("\nOutput:");
        Matcher running = RUNNING.matcher(output < 0 ? toolOutput : toolOutput.substring(0, output)); // Not the command's own words.
        return running.find() ? Optional.of(Integer.parseInt(running.group(1))) : Optional.empty();
    }

    /** The plan's progress follows the tool outputs Codex sent back this turn. */
    private static ModelReply planStep(String steps, int outputs) {
        var names = java.util.Arrays.stream(steps.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return switch (outputs) {
            case 0 -> new ModelReply.Plan("Starting", names.stream()
                    .map(n -> new ModelReply.Step(n, n.equals(names.getFirst()) ? "in_progress" : "pending")).toList());
            case 1 -> ModelReply.command("echo plan-step");
            case 2 -> new ModelReply.Plan("All done", names.stream().map(n -> new ModelReply.Step(n, "completed")).toList());
            default -> ModelReply.message("Plan done.", DELTA_CHARS);
        };
    }
}

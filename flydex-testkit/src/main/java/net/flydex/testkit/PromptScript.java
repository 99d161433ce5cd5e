package net.flydex.testkit;

import java.util.function.Function;

/**
 * The default script: the prompt itself says what the model does, so concurrent tests (and
 * several clients on one Codex daemon) never compete for a shared queue.
 *
 * <ul>
 *   <li>{@code CMD: <shell command>} - run it, then report its output in a message;
 *   <li>{@code PATCH: <path> <content>} - add that file, then say it is done;
 *   <li>{@code ASK: <question> | <option> | <option>...} - ask the person through
 *       {@code request_user_input} (Codex offers it in Plan mode only), then report the answers;
 *   <li>{@code SAY: <text>} or anything else - stream the text back in small deltas.
 * </ul>
 *
 * <p>After a tool ran, the follow-up request carries its output; the script answers
 * {@code "Tool finished. Output was: <output>"}, as the brief's mock did.
 */
public final class PromptScript implements Function<ModelRequest, ModelReply> {
    /** Characters per streamed delta: small, so every reply is several deltas. */
    public static final int DELTA_CHARS = 8;

    @Override
    public ModelReply apply(ModelRequest request) {
        var outputs = request.toolOutputsThisTurn();
        if (!outputs.isEmpty()) {
            return ModelReply.message("Tool finished. Output was: " + outputs.getLast(), DELTA_CHARS);
        }
        String prompt = request.lastPrompt().orElse("").strip();
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
        String text = prompt.startsWith("SAY:") ? prompt.substring(4).strip() : "You said: " + prompt;
        return ModelReply.message(text, DELTA_CHARS);
    }
}

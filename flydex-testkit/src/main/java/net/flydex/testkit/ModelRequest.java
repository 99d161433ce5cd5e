package net.flydex.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One request Codex sent to the model, as recorded. Codex replays the whole conversation each
 * time, so "this turn" means everything after the last real user message.
 */
public record ModelRequest(Map<String, List<String>> headers, JsonNode body) {

    /** The text of the last user prompt (not Codex's own injected context blocks). */
    public Optional<String> lastPrompt() {
        return lastPromptIndex().map(i -> userText(input().get(i)));
    }

    /** The image URLs ({@code input_image}) the last user prompt carried. */
    public List<String> lastPromptImages() {
        return lastPromptIndex().map(i -> {
            var urls = new java.util.ArrayList<String>();
            for (JsonNode part : input().get(i).path("content")) {
                if (part.path("type").asString("").equals("input_image")) {
                    urls.add(part.path("image_url").asString(""));
                }
            }
            return List.copyOf(urls);
        }).orElse(List.of());
    }

    /** Tool outputs Codex sent back after the last prompt: command output, patch result. */
    public List<String> toolOutputsThisTurn() {
        int from = lastPromptIndex().orElse(-1) + 1;
        var outputs = new java.util.ArrayList<String>();
        for (int i = from; i < input().size(); i++) {
            JsonNode item = input().get(i);
            String type = item.path("type").asString("");
            if (type.equals("function_call_output") || type.equals("custom_tool_call_output")) {
                JsonNode output = item.path("output");
                outputs.add(output.isString() ? output.asString() : output.toString());
            }
        }
        return outputs;
    }

    private List<JsonNode> input() {
        var items = new java.util.ArrayList<JsonNode>();
        body.path("input").forEach(items::add);
        return items;
    }

    private Optional<Integer> lastPromptIndex() {
        List<JsonNode> input = input();
        for (int i = input.size() - 1; i >= 0; i--) {
            JsonNode item = input.get(i);
            if ("user".equals(item.path("role").asString("")) && isPrompt(userText(item))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    // Codex sends AGENTS.md and environment context as user messages wrapped in <tags>.
    private static boolean isPrompt(String text) {
        return !text.isBlank() && !text.stripLeading().startsWith("<");
    }

    private static String userText(JsonNode message) {
        var text = new StringBuilder();
        for (JsonNode part : message.path("content")) {
            text.append(part.path("text").asString(""));
        }
        return text.toString();
    }
}

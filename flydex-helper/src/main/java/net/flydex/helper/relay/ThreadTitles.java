package net.flydex.helper.relay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.flydex.protocol.Limits;
import tools.jackson.databind.JsonNode;

/**
 * What to call a thread on a notification, from what Codex already told the helper: the name a
 * person gave it, else its preview (the first prompt). Fed from thread objects in notifications
 * and rpc results and from the first user message of a thread that has no title yet. Kept in
 * memory only, for the most recently seen threads, each cut to {@link Limits#MAX_THREAD_TITLE}.
 */
final class ThreadTitles {
    /** More threads than a person has active; the oldest are forgotten. */
    static final int KEPT = 500;

    /** @param named given by a person (or Codex), which a preview never replaces */
    private record Title(String text, boolean named) {}

    private final Map<String, Title> byThread = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Title> eldest) {
            return size() > KEPT;
        }
    };

    synchronized Optional<String> of(String threadId) {
        return Optional.ofNullable(byThread.get(threadId)).map(Title::text);
    }

    /** A Codex notification. */
    void noticed(String method, JsonNode params) {
        switch (method) {
            case "thread/started" -> thread(params.path("thread"));
            case "thread/name/updated" -> name(params.path("threadId").asString(""), params.path("threadName").isString()
                    ? params.path("threadName") : params.path("name"));
            case "item/started" -> firstPrompt(params.path("threadId").asString(""), params.path("item"));
            default -> { }
        }
    }

    /** An rpc's result: a thread ({@code thread/start}, {@code thread/resume}, {@code thread/read}) or a page of them ({@code thread/list}). */
    void answered(JsonNode result) {
        thread(result.path("thread"));
        result.path("data").forEach(this::thread);
    }

    private void thread(JsonNode thread) {
        String id = thread.path("id").asString("");
        JsonNode name = thread.path("name");
        if (name.isString() && !name.asString().isBlank()) {
            name(id, name);
        } else if (thread.path("preview").isString() && !thread.path("preview").asString().isBlank()) {
            put(id, thread.path("preview").asString(), false);
        }
    }

    private void name(String threadId, JsonNode name) {
        if (name.isString() && !name.asString().isBlank()) {
            put(threadId, name.asString(), true);
        }
    }

    /** A thread's first prompt is its preview: the title of a thread Codex has not named. */
    private void firstPrompt(String threadId, JsonNode item) {
        if (!item.path("type").asString("").equals("userMessage")) {
            return;
        }
        for (JsonNode part : item.path("content")) {
            if (part.path("type").asString("").equals("text") && !part.path("text").asString("").isBlank()) {
                synchronized (this) {
                    if (!byThread.containsKey(threadId)) {
                        put(threadId, part.path("text").asString(), false);
                    }
                }
                return;
            }
        }
    }

    private synchronized void put(String threadId, String title, boolean named) {
        Title known = byThread.get(threadId);
        if (threadId.isEmpty() || !named && known != null && known.named()) {
            return;
        }
        String line = title.strip().replaceAll("\\s+", " ");
        int end = Math.min(line.length(), Limits.MAX_THREAD_TITLE - 1);
        if (end < line.length() && Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        byThread.put(threadId, new Title(end < line.length() ? line.substring(0, end) + "…" : line, named));
    }
}

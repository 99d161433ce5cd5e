package net.flydex.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted stand-in for the model behind Codex: {@code POST /v1/responses} answered with the SSE
 * events Codex 0.171.0 expects (see {@code shared/codex/responses-api-shapes.md}). It records every
 * request, so a test can check what Codex sent back - a command's output after an approval, say.
 *
 * <p>Replies come from {@link #enqueue queued replies} first, then from the script (by default
 * {@link PromptScript}, where the prompt says what to do).
 */
public final class ScriptedModel implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * How long Codex waits for a command to exit before it answers "Process running with session
     * ID n" and the model goes on (a loaded machine can take longer than this to start a shell):
     * {@link PromptScript} then polls the session, as a model does, until the command exits.
     */
    static final int COMMAND_YIELD_MS = 5000;

    private final HttpServer server;
    private final Function<ModelRequest, ModelReply> script;
    private final ConcurrentLinkedQueue<ModelReply> queued = new ConcurrentLinkedQueue<>();
    private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger responseCount = new AtomicInteger();

    private ScriptedModel(Function<ModelRequest, ModelReply> script) throws IOException {
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/responses", this::handle);
        server.start();
    }

    public static ScriptedModel start() {
        return start(new PromptScript());
    }

    public static ScriptedModel start(Function<ModelRequest, ModelReply> script) {
        try {
            return new ScriptedModel(script);
        } catch (IOException e) {
            throw new IllegalStateException("scripted model could not bind a loopback port", e);
        }
    }

    /** The provider {@code base_url} for Codex's config.toml. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Answer the next request with this reply instead of the script. */
    public ScriptedModel enqueue(ModelReply reply) {
        queued.add(reply);
        return this;
    }

    public List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    /** Waits until a recorded request matches, for asserting what Codex sent back. */
    public ModelRequest awaitRequest(Predicate<ModelRequest> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ModelRequest request : requests) {
                if (match.test(request)) {
                    return request;
                }
            }
            sleep(Duration.ofMillis(20));
        }
        throw new AssertionError("no model request matched within " + timeout + "; saw " + requests.size());
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            var request = new ModelRequest(Map.copyOf(exchange.getRequestHeaders()),
                    JSON.readTree(exchange.getRequestBody()));
            requests.add(request);
            ModelReply reply = queued.poll();
            if (reply == null) {
                reply = script.apply(request);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (ObjectNode event : events(reply, responseCount.incrementAndGet())) {
                    if (event.path("type").asString().equals("response.output_text.delta")) {
                        sleep(pauseOf(reply));
                    }
                    out.write(("event: " + event.path("type").asString() + "\ndata: " + JSON.writeValueAsString(event) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        }
    }

    private static List<ObjectNode> events(ModelReply reply, int n) {
        String responseId = "resp_mock_" + n;
        var events = new ArrayList<ObjectNode>();
        ObjectNode created = JSON.createObjectNode().put("type", "response.created");
        created.putObject("response").put("id", responseId);
        events.add(created);
        switch (reply) {
            case ModelReply.Command command -> events.add(itemDone(functionCall(n, "exec_command",
                    JSON.createObjectNode().put("cmd", command.cmd()).put("yield_time_ms", COMMAND_YIELD_MS))));
            case ModelReply.Poll poll -> events.add(itemDone(functionCall(n, "write_stdin",
                    JSON.createObjectNode().put("session_id", poll.sessionId()).put("chars", "").put("yield_time_ms", COMMAND_YIELD_MS))));
            case ModelReply.Question question -> {
                ObjectNode args = JSON.createObjectNode();
                ObjectNode asked = args.putArray("questions").addObject().put("id", "q1").put("header", "Question")
                        .put("question", question.question());
                var options = asked.putArray("options");
                question.options().forEach(label -> options.addObject().put("label", label).put("description", "Choose " + label));
                events.add(itemDone(functionCall(n, "request_user_input", args)));
            }
            case ModelReply.Patch patch -> events.add(itemDone(JSON.createObjectNode()
                    .put("type", "custom_tool_call").put("id", "ctc_mock_" + n).put("call_id", "call_mock_" + n)
                    .put("name", "apply_patch").put("input", patch.patch())));
            case ModelReply.Plan plan -> {
                ObjectNode args = JSON.createObjectNode().put("explanation", plan.explanation());
                var steps = args.putArray("plan");
                plan.steps().forEach(step -> steps.addObject().put("step", step.step()).put("status", step.status()));
                events.add(itemDone(functionCall(n, "update_plan", args)));
            }
            case ModelReply.Reasoned reasoned -> {
                ObjectNode reasoning = JSON.createObjectNode().put("type", "reasoning").put("id", "rs_mock_" + n);
                reasoning.putArray("summary").addObject().put("type", "summary_text").put("text", reasoned.summary());
                events.add(itemDone(reasoning));
                events.addAll(messageEvents(reasoned.message(), n));
            }
            case ModelReply.WebSearch search -> {
                ObjectNode call = JSON.createObjectNode().put("type", "web_search_call").put("id", "ws_mock_" + n).put("status", "completed");
                call.putObject("action").put("type", "search").put("query", search.query());
                events.add(itemDone(call));
                events.addAll(messageEvents(search.message(), n));
            }
            case ModelReply.Failure failure -> {
                ObjectNode failed = JSON.createObjectNode().put("type", "response.failed");
                failed.putObject("response").put("id", responseId).putObject("error").put("code", "invalid_prompt")
                        .put("message", failure.message());
                events.add(failed);
                return events;
            }
            case ModelReply.Message message -> events.addAll(messageEvents(message, n));
        }
        ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
        ObjectNode usage = completed.putObject("response").put("id", responseId).putObject("usage");
        usage.put("input_tokens", 10).putNull("input_tokens_details").put("output_tokens", 5)
                .putNull("output_tokens_details").put("total_tokens", 15);
        events.add(completed);
        return events;
    }

    private static List<ObjectNode> messageEvents(ModelReply.Message message, int n) {
        var events = new ArrayList<ObjectNode>();
        String itemId = "msg_mock_" + n;
        ObjectNode added = JSON.createObjectNode().put("type", "response.output_item.added");
        added.putObject("item").put("type", "message").put("role", "assistant").put("id", itemId).putArray("content");
        events.add(added);
        for (String delta : message.deltas()) {
            events.add(JSON.createObjectNode().put("type", "response.output_text.delta").put("item_id", itemId)
                    .put("output_index", 0).put("content_index", 0).put("delta", delta));
        }
        ObjectNode item = JSON.createObjectNode().put("type", "message").put("role", "assistant").put("id", itemId);
        item.putArray("content").addObject().put("type", "output_text").put("text", message.text());
        events.add(itemDone(item));
        return events;
    }

    private static ObjectNode functionCall(int n, String name, ObjectNode args) {
        return JSON.createObjectNode().put("type", "function_call").put("id", "fc_mock_" + n).put("call_id", "call_mock_" + n)
                .put("name", name).put("arguments", args.toString());
    }

    private static Duration pauseOf(ModelReply reply) {
        return reply instanceof ModelReply.Message message ? message.pause() : Duration.ZERO;
    }

    private static ObjectNode itemDone(JsonNode item) {
        ObjectNode done = JSON.createObjectNode().put("type", "response.output_item.done");
        done.set("item", item);
        return done;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package net.flydex.helper.relay;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/** The server's side of the uplink, as a test sees it: every frame the relay sent, in order, and a switch for backpressure. */
final class FakeUplink implements Uplink {
    static final Duration WAIT = Duration.ofSeconds(30);

    private final List<String> sent = new CopyOnWriteArrayList<>();
    volatile boolean backedUp;
    /** What the server does the moment a frame reaches it, on the relay's sending thread (nothing unless a test says). */
    volatile Consumer<String> onSend = text -> { };

    @Override
    public boolean send(String text) {
        sent.add(text);
        onSend.accept(text);
        return true;
    }

    @Override
    public boolean backedUp() {
        return backedUp;
    }

    /** Every frame so far, as the server would read it. */
    List<String> texts() {
        return List.copyOf(sent);
    }

    List<JsonNode> frames() {
        return sent.stream().map(text -> WireJson.mapper().readTree(text)).toList();
    }

    JsonNode awaitFrame(Predicate<JsonNode> match) {
        return await().atMost(WAIT).until(() -> find(match), Optional::isPresent).orElseThrow();
    }

    /** The answer (result or error) to the relay request {@code id}. */
    JsonNode answer(String id) {
        return awaitFrame(frame -> id.equals(frame.path("id").asString("")) && !frame.has("sealed"));
    }

    Optional<JsonNode> find(Predicate<JsonNode> match) {
        return frames().stream().filter(match).findFirst();
    }
}

package net.flydex.bench;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/** A simulated peer's WebSocket listener: whole text messages, read as JSON frames one at a time. */
abstract class JsonFrameListener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    /** A whole frame arrived; on the client's thread, before the next one is asked for. */
    abstract void received(WebSocket ws, JsonNode frame);

    @Override
    public final CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode frame = WireJson.mapper().readTree(partial.toString());
            partial.setLength(0);
            received(ws, frame);
        }
        ws.request(1);
        return null;
    }
}

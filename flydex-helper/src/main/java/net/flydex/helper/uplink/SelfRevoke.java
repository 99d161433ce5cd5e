package net.flydex.helper.uplink;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import net.flydex.helper.state.MachineIdentity;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/**
 * {@code flydex unpair}'s one conversation with the server: authenticate on {@code /ws/agent} with
 * the machine key exactly as the helper does, then send {@code {"type":"revoke"}}; the server
 * revokes the machine and closes with {@link AgentClose#UNAUTHORIZED}. No account session is
 * needed - possession of the key is the authority, and it can only ever name this machine.
 */
public final class SelfRevoke {
    /** Connect, handshake and revoke take well under a second; this covers a slow network. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** How it ended. */
    public enum Outcome {
        /** The server revoked the machine just now. */
        REVOKED,
        /** The server refused the key before the revoke: the machine was already removed (or never finalized). */
        ALREADY_GONE,
        /** The server could not be reached or answered otherwise; nothing is known to have changed. */
        FAILED
    }

    private SelfRevoke() {}

    public static Outcome run(URI server, String machineId, MachineIdentity identity, String helperVersion) {
        var conversation = new Conversation(machineId, identity, helperVersion);
        try (HttpClient http = HttpClient.newHttpClient()) {
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(DEADLINE)
                    .buildAsync(ServerUrls.agentSocket(ServerUrls.checked(server)), conversation)
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            Outcome outcome = conversation.outcome.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            socket.abort();
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        } catch (Exception unreachable) {
            return Outcome.FAILED;
        }
    }

    private static final class Conversation implements WebSocket.Listener {
        private final Greeting greeting;
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile boolean revokeSent;

        Conversation(String machineId, MachineIdentity identity, String helperVersion) {
            this.greeting = new Greeting(machineId, identity, helperVersion);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                handle(ws, partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private void handle(WebSocket ws, String text) {
            Greeting.read(text).ifPresent(message -> handle(ws, message));
        }

        private void handle(WebSocket ws, JsonNode message) {
            switch (message.path("type").asString("")) {
                case "challenge" -> ws.sendText(greeting.hello(message, CodexStatus.MISSING), true);
                case "welcome" -> {
                    revokeSent = true;
                    ws.sendText(WireJson.mapper().writeValueAsString(new AgentMessage.Revoke()), true);
                }
                default -> { } // Relay traffic for the machine is of no interest here.
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (statusCode == AgentClose.UNAUTHORIZED || statusCode == AgentClose.NOT_FINALIZED) {
                outcome.complete(revokeSent && statusCode == AgentClose.UNAUTHORIZED ? Outcome.REVOKED : Outcome.ALREADY_GONE);
            } else {
                outcome.complete(Outcome.FAILED);
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            outcome.complete(Outcome.FAILED);
        }
    }
}

package net.flydex.server.relay;

import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.flydex.protocol.ErrorCode;
import net.flydex.server.accounts.AuthSession;
import net.flydex.server.accounts.SessionAuth;
import net.flydex.server.accounts.Sessions;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * {@code GET /ws/client}, the browser's line to its machines. The upgrade is refused unless the
 * caller has a live session (401) and, with the session cookie or any {@code Origin}, comes from
 * FlyDex's own origin (403): the checks of {@link SessionAuth}, made before the socket exists.
 * Messages are read by {@link ClientMessages} and routed by {@link Relay}; see {@link ClientClose}
 * for how a socket ends.
 */
public final class ClientEndpoint {
    static final String PATH = "/ws/client";
    /** The contract asks for a ping at least every 25 s; 20 s leaves room for a late timer. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(20);
    /** Where the upgrade check leaves the caller's session for the socket. */
    private static final String SESSION_ATTRIBUTE = "flydex.relay.session";

    private final SessionAuth auth;
    private final Sessions sessions;
    private final Relay relay;
    private final Clock clock;
    private final Consumer<ErrorCode> errors;
    private final Map<String, ClientConnection> clients = new ConcurrentHashMap<>();

    /** @param errors counts every error the relay answers a browser with, by code (a metric) */
    public ClientEndpoint(SessionAuth auth, Sessions sessions, Relay relay, Clock clock, Consumer<ErrorCode> errors) {
        this.auth = auth;
        this.sessions = sessions;
        this.relay = relay;
        this.clock = clock;
        this.errors = errors;
    }

    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, ctx -> ctx.attribute(SESSION_ATTRIBUTE, auth.require(ctx)));
        routes.ws(PATH, ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::received);
            ws.onBinaryMessage(this::binary);
            ws.onClose(this::closed);
        });
    }

    /** How many browsers are connected to this node (a metric). */
    public int size() {
        return clients.size();
    }

    /** Closes every socket of a session that was signed out or revoked ({@link Sessions#onRevoked}). */
    public void closeSessionSockets(String sessionId) {
        clients.values().stream().filter(client -> client.session().sessionId().equals(sessionId))
                .forEach(client -> client.close(ClientClose.SESSION_ENDED, ClientClose.ENDED_REASON));
    }

    private void connected(WsConnectContext ctx) {
        AuthSession session = ctx.attribute(SESSION_ATTRIBUTE);
        var client = new ClientConnection(ctx.sessionId(), session, new SocketSink(ctx), errors);
        clients.put(client.id(), client);
        // Pongs keep a live browser busy within Jetty's idle timeout; a silent one is closed by it.
        ctx.enableAutomaticPings(PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        // A sign-out between the upgrade check and now found no socket to close: look again.
        if (!sessions.isActive(session.sessionId())) {
            client.close(ClientClose.SESSION_ENDED, expired(session) ? ClientClose.EXPIRED_REASON : ClientClose.ENDED_REASON);
        }
    }

    private void received(WsMessageContext ctx) {
        ClientConnection client = clients.get(ctx.sessionId());
        if (client == null) {
            return;
        }
        if (expired(client.session())) {
            client.close(ClientClose.SESSION_ENDED, ClientClose.EXPIRED_REASON);
            return;
        }
        relay.received(client, ClientMessages.parse(ctx.message()));
    }

    private boolean expired(AuthSession session) {
        return !clock.instant().isBefore(session.expiresAt());
    }

    private void binary(WsBinaryMessageContext ctx) {
        ctx.closeSession(ClientClose.UNSUPPORTED_DATA, "text frames only");
    }

    private void closed(WsCloseContext ctx) {
        Optional.ofNullable(clients.remove(ctx.sessionId())).ifPresent(relay::disconnected);
    }

    /** Jetty's socket under a browser's queue: an asynchronous send, whose completion gives the queue back-pressure. */
    private record SocketSink(WsContext ws) implements OutboundQueue.Sink {
        @Override
        public void send(String text, OutboundQueue.Written done) {
            ws.session.sendText(text, Callback.from(done::succeeded, done::failed));
        }

        @Override
        public void close(int code, String reason) {
            ws.closeSession(code, reason);
        }
    }
}

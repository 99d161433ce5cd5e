package net.flydex.server.machines;

import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsMessageContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.WireJson;
import net.flydex.server.audit.AuditKind;
import net.flydex.server.audit.AuditLog;
import net.flydex.server.e2e.E2eFields;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * {@code GET /ws/agent}, the helper's outbound line: challenge, signed hello, welcome; then the
 * machine is online until the socket closes. See {@link AgentMessage} for the messages and
 * {@link AgentClose} for how a socket ends.
 */
public final class AgentEndpoint {
    /** A helper answers the challenge in milliseconds; sockets that never authenticate must not linger. */
    static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    /** The contract asks for a ping at least every 25 s; 20 s leaves room for a late timer. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(20);
    /** 256 random bits: a nonce never repeats, so a hello signed for one socket is worthless on another. */
    private static final int NONCE_BYTES = 32;
    /** RFC 6455: the endpoint received data of a type it cannot accept (the protocol is JSON text). */
    private static final int UNSUPPORTED_DATA = 1003;
    /** How often a stopping node looks whether its helpers' sockets are all closed. */
    private static final Duration CLOSE_POLL = Duration.ofMillis(10);
    private static final Logger log = LoggerFactory.getLogger(AgentEndpoint.class);
    /** The {@link AgentMessage.HelperKey} frame's type. */
    private static final String HELPER_KEY = "helperKey";

    private final AgentHandshake handshake;
    private final Machines machines;
    private final AgentConnections connections;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AgentSocket> sockets = new ConcurrentHashMap<>();
    /** Close handlers under way: each records the machine's last-seen time, which needs the database. */
    private final AtomicInteger closing = new AtomicInteger();

    public AgentEndpoint(Machines machines, AgentConnections connections, AuditLog audit) {
        this.handshake = new AgentHandshake(machines);
        this.machines = machines;
        this.connections = connections;
        this.audit = audit;
    }

    public void register(RoutesConfig routes) {
        routes.ws("/ws/agent", ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::received);
            ws.onBinaryMessage(this::binary);
            ws.onClose(this::closed);
        });
    }

    private void connected(WsConnectContext ctx) {
        var socket = new AgentSocket(ctx, newNonce());
        sockets.put(socket.id(), socket);
        // Pongs keep a live helper busy within Jetty's idle timeout; a silent one is closed by it.
        ctx.enableAutomaticPings(PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        socket.send(WireJson.mapper().writeValueAsString(new AgentMessage.Challenge(socket.nonce())));
        CompletableFuture.delayedExecutor(HELLO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (socket.takeHello()) {
                socket.close(AgentClose.HELLO_TIMEOUT, "no hello in time");
            }
        });
    }

    private void received(WsMessageContext ctx) {
        AgentSocket socket = sockets.get(ctx.sessionId());
        if (socket == null) {
            return;
        }
        String text = ctx.message();
        socket.connection().ifPresentOrElse(connection -> afterWelcome(connection, text), () -> hello(socket, parse(text)));
    }

    private void hello(AgentSocket socket, Optional<AgentMessage> message) {
        if (!socket.takeHello()) {
            return; // The nonce is used up (a hello is being checked, or the timeout fired): the socket is closing.
        }
        if (!(message.orElse(null) instanceof AgentMessage.Hello hello)) {
            refuse(socket, new AgentHandshake.Outcome.Refused(AgentClose.BAD_HELLO, "expected a hello", Optional.empty()));
            return;
        }
        switch (handshake.check(socket.nonce(), hello)) {
            case AgentHandshake.Outcome.Refused refused -> refuse(socket, refused);
            case AgentHandshake.Outcome.Accepted accepted -> welcome(socket, accepted.identity(), hello);
        }
    }

    private void welcome(AgentSocket socket, AgentIdentity identity, AgentMessage.Hello hello) {
        var connection = new AgentConnection(identity.accountId(), identity.machineId(), hello.codexStatus(), socket);
        socket.welcomed(connection);
        connections.attach(connection);
        // The helper may have hung up, or a revoke landed, while the hello was checked: look again.
        if (!sockets.containsKey(socket.id())) {
            connections.detach(connection);
            return;
        }
        if (!machines.isActive(identity.machineId())) {
            connections.disconnect(identity.machineId(), AgentClose.UNAUTHORIZED, "machine revoked");
            return;
        }
        machines.seen(identity.machineId(), Optional.of(hello.helperVersion()), Optional.of(hello.codexStatus()));
        // After the checks, so a helper that reads "welcome" is listed online already; and before
        // the announcement, so nothing a listener sends it can arrive ahead of the welcome.
        socket.send(WireJson.mapper().writeValueAsString(new AgentMessage.Welcome()));
        connections.announceOnline(connection);
    }

    private void afterWelcome(AgentConnection connection, String text) {
        // Most frames are the relay's: their type says so without reading them as agent messages. A peek, not a
        // check: the relay reads and checks each of its frames whole (Relay#fromAgent), and a status, revoke or
        // helper key is parsed whole below, so tokenizing the whole frame here too was only a second pass over it.
        String type = FrameEnvelope.peek(text).map(FrameEnvelope.Head::type).orElse("");
        if (!type.equals("status") && !type.equals("revoke") && !type.equals(HELPER_KEY)) {
            connections.frameReceived(connection, text);
            return;
        }
        switch (parse(text).orElse(null)) {
            case AgentMessage.Status status -> {
                connections.codexStatusChanged(connection, status.codexStatus());
                machines.seen(connection.machineId(), Optional.empty(), Optional.of(status.codexStatus()));
            }
            case AgentMessage.Revoke revoke -> {
                // The connection is bound to the machine that signed this socket's nonce: it can remove only itself.
                machines.revokeSelf(connection.accountId(), connection.machineId());
                audit.record(AuditKind.MACHINE_SELF_REVOKED,
                        AuditLog.Ids.account(connection.accountId()).withMachine(connection.machineId()));
            }
            case AgentMessage.HelperKey key when E2eFields.publicKey(key.publicKey()) -> machines.helperKey(connection.machineId(),
                    key.publicKey());
            case AgentMessage.HelperKey malformed ->
                    log.debug("ignored a helper key that is not an uncompressed P-256 point from machine {}", connection.machineId());
            case null, default -> {
                // A malformed status or revoke is dropped; a repeated hello authenticates nothing.
            }
        }
    }

    private void refuse(AgentSocket socket, AgentHandshake.Outcome.Refused refused) {
        refused.machine().ifPresent(machine -> audit.record(AuditKind.AGENT_REFUSED,
                AuditLog.Ids.account(machine.accountId()).withMachine(machine.machineId())));
        log.info("agent refused ({}): {}", refused.closeCode(), refused.reason());
        socket.close(refused.closeCode(), refused.reason());
    }

    private void binary(WsBinaryMessageContext ctx) {
        ctx.closeSession(UNSUPPORTED_DATA, "text frames only");
    }

    /**
     * Waits until every socket has closed and its close handler has finished, at most {@code limit}:
     * a stopping node calls it after its server stopped, so the handlers still find the database open.
     *
     * @return whether all were done in time
     */
    public boolean awaitClosed(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!sockets.isEmpty() || closing.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(CLOSE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void closed(WsCloseContext ctx) {
        closing.incrementAndGet();
        try {
            Optional.ofNullable(sockets.remove(ctx.sessionId())).flatMap(AgentSocket::connection).ifPresent(connection -> {
                connections.detach(connection);
                try {
                    machines.seen(connection.machineId(), Optional.empty(), Optional.empty());
                } catch (JdbiException e) {
                    // Best effort: a socket that outlived a stopping node's wait finds the database closed.
                    log.debug("last-seen time not recorded: {}", e.getClass().getSimpleName());
                }
            });
        } finally {
            closing.decrementAndGet();
        }
    }

    private String newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    private static Optional<AgentMessage> parse(String text) {
        try {
            return Optional.of(WireJson.mapper().readValue(text, AgentMessage.class));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}

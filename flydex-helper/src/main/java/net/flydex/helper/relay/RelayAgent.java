package net.flydex.helper.relay;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.flydex.helper.bridge.BridgeEvent;
import net.flydex.helper.bridge.CodexBridge;
import net.flydex.helper.codex.RpcException;
import net.flydex.helper.e2e.HelloLimiter;
import net.flydex.helper.e2e.HelperE2e;
import net.flydex.helper.e2e.IntroductionJson;
import net.flydex.helper.e2e.OpenSession;
import net.flydex.helper.e2e.Sessions;
import net.flydex.protocol.Approval;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.ErrorCode;
import net.flydex.protocol.RelayFrames;
import net.flydex.protocol.RpcError;
import net.flydex.protocol.RpcMethods;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.DecisionMessage;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.E2eLimits;
import net.flydex.protocol.e2e.Failure;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.IntroductionAccepted;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The helper's end of the relay, end-to-end sealed (docs/e2e.md, "Wiring"). From the server it
 * takes hellos (answered for trusted devices only), sealed rpcs (opened, then run through the
 * bridge, whose allow-list and parameter policy apply to the opened method), introductions,
 * sealed decisions and the server's word that a session's browser left; a clear rpc is refused
 * with {@code e2e_required} and never reaches Codex. Towards the server it seals every event,
 * approval card and resolution once per open session, and sends each approval's push sealed per
 * trusted device, as well as what the server needs to know of turns for pushes ({@link TurnNotices}).
 *
 * <p>Frames leave through one lock ({@link #sending}) and, while the uplink is backed up, wait in
 * an {@link OutboundBacklog} that merges streamed deltas before they are sealed. Nothing here is
 * logged: params, results, events and keys are a person's prompts, Codex's output and secrets.
 */
public final class RelayAgent implements AutoCloseable {
    private final String machineId;
    private final CodexBridge bridge;
    private final HelperE2e e2e;
    private final HelperEndpoint endpoint;
    private final Uplink uplink;
    private final Sessions sessions = new Sessions();
    private final HelloLimiter hellos;
    private final PushSealer pushes;
    private final ThreadTitles titles = new ThreadTitles();
    private final TurnNotices turns;
    /** Guards {@link #backlog} and every seal-and-send of a session frame, so frames leave in the order they were made. */
    private final Object sending = new Object();
    private final OutboundBacklog backlog = new OutboundBacklog();
    /** A flush is under way on this thread: a send that drains the uplink re-enters here and must not start another. */
    private boolean flushing;
    /** Frames are held back: read without the lock, so a drained uplink with nothing held costs nothing. */
    private volatile boolean holding;
    /**
     * Handshakes, introductions and decisions cost ECDHs (and a first P-256 key generation builds
     * the JDK's tables for a while): one at a time here, never on the socket's own thread.
     */
    private final ExecutorService crypto = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("e2e-handshakes").factory());

    public RelayAgent(String machineId, CodexBridge bridge, HelperE2e e2e, Uplink uplink, Clock clock) {
        this.machineId = machineId;
        this.bridge = bridge;
        this.e2e = e2e;
        this.endpoint = e2e.endpoint(machineId);
        this.uplink = uplink;
        this.hellos = new HelloLimiter(clock);
        this.pushes = new PushSealer(machineId, endpoint, e2e.trusted(), uplink);
        this.turns = new TurnNotices(pushes, titles);
    }

    /** A frame from the server (after the welcome). */
    public void onServerFrame(JsonNode frame) {
        switch (frame.path("type").asString("")) {
            case SealedFrames.RPC -> {
                if (frame.has("sealed")) {
                    sealedRpc(frame);
                } else {
                    refuse(frame, ErrorCode.E2E_REQUIRED, "FlyDex runs only sealed rpcs from a trusted device");
                }
            }
            case SealedFrames.HELLO -> crypto.execute(() -> hello(frame));
            case SealedFrames.INTRODUCE -> crypto.execute(() -> introduce(frame));
            case SealedFrames.DECISION -> crypto.execute(() -> decision(frame));
            case SealedFrames.CLOSED -> sessions.remove(text(frame, "deviceId"), text(frame, "sessionId"));
            default -> { } // Nothing else is for the relay.
        }
    }

    /** Everything the bridge reports, sealed for each open session. */
    public void forward(BridgeEvent event) {
        switch (event) {
            case BridgeEvent.CodexNotification n -> {
                titles.noticed(n.method(), n.params());
                submit(new Outbound.Event(n.method(), n.params()));
                turns.noticed(n.method(), n.params());
            }
            case BridgeEvent.ApprovalRequested a -> {
                ObjectNode card = card(a.approval());
                String approvalId = a.approval().approvalId();
                submit(new Outbound.Broadcast(SealedFrames.APPROVAL, approvalId, WireJson.mapper().writeValueAsBytes(card)));
                pushes.push(SealedFrames.PUSH_APPROVAL, approvalId, PushContent.approval(card));
            }
            case BridgeEvent.ApprovalResolved r -> {
                byte[] resolution = PushContent.resolved(r.resolution());
                submit(new Outbound.Broadcast(SealedFrames.APPROVAL_RESOLVED, r.resolution().approvalId(), resolution));
                pushes.push(SealedFrames.PUSH_RESOLVED, r.resolution().approvalId(), resolution);
            }
            case BridgeEvent.StatusChanged s -> {
                // The status itself goes as the agent's own status message; a Codex not ready ran its last turn.
                if (s.status() != CodexStatus.READY) {
                    turns.codexGone();
                }
            }
        }
    }

    /**
     * A new uplink socket was welcomed: frames queued on the last one are lost, so its sessions
     * cannot go on. Each browser is told on the new socket ({@code session_closed}), so it
     * handshakes again rather than waiting for a frame that will never come. The server hears
     * again that turns run, if they do.
     */
    public void onWelcome() {
        List<OpenSession> gone;
        synchronized (sending) {
            backlog.clear();
            gone = sessions.clear();
        }
        gone.forEach(session -> tellClosed(session, Failure.SESSION_CLOSED));
        turns.resend();
    }

    /** The uplink sent everything it held: frames held back may go now. */
    public void onDrained() {
        if (holding) {
            synchronized (sending) {
                flush();
            }
        }
    }

    /** Ends a revoked device's sessions at once, telling its browsers why. */
    public void deviceRevoked(String deviceId) {
        sessions.removeDevice(deviceId).forEach(gone -> tellClosed(gone, Failure.DEVICE_UNKNOWN));
    }

    /** How many sealed sessions are open (diagnostics and tests). */
    public int openSessions() {
        return sessions.size();
    }

    @Override
    public void close() {
        crypto.shutdownNow();
        pushes.close();
        sessions.clear();
    }

    private void hello(JsonNode frame) {
        String deviceId = text(frame, "deviceId");
        if (!e2e.trusted().isTrusted(deviceId)) {
            refuse(frame, ErrorCode.DEVICE_UNKNOWN, Failure.DEVICE_UNKNOWN.wire());
            return;
        }
        if (!hellos.tryAcquire(deviceId)) {
            refuse(frame, ErrorCode.RATE_LIMITED, "at most " + SealedFrames.MAX_HELLOS_PER_DEVICE_PER_SECOND + " handshakes a second");
            return;
        }
        HelperEndpoint.Answer answer;
        try {
            answer = endpoint.answer(deviceId, text(frame, "hello"));
        } catch (E2eException e) {
            refuse(frame, e.failure());
            return;
        }
        var session = new OpenSession(answer.session());
        synchronized (sending) {
            // Open before the answer leaves: the browser's first rpc may come back on the link's reader
            // thread before this one moves on. Nothing is sealed to it before the answer: sending waits for this lock.
            sessions.add(session).forEach(pushedOut -> tellClosed(pushedOut, Failure.SESSION_CLOSED));
            uplink.send(SealedFrames.helloAnswer(text(frame, "id"), session.sessionId(), answer.reply()).toString());
            // The server can no longer ask approvals/list for a subscriber: the session gets them here.
            for (Approval pending : bridge.pendingApprovals()) {
                backlog.add(new Outbound.Directed(session, SealedFrames.APPROVAL, pending.approvalId(), "",
                        WireJson.mapper().writeValueAsBytes(card(pending))));
            }
            flush();
        }
    }

    private void sealedRpc(JsonNode frame) {
        String relayId = text(frame, "id");
        Optional<OpenSession> found = sessions.find(text(frame, "deviceId"), text(frame, "sessionId"));
        if (found.isEmpty()) {
            refuse(frame, ErrorCode.SESSION_UNKNOWN, "no such open session; handshake again");
            return;
        }
        OpenSession session = found.get();
        byte[] plaintext;
        try {
            plaintext = session.open(SealedFrames.RPC, "", text(frame, "sealed"));
        } catch (E2eException e) {
            drop(session, e.failure());
            refuse(frame, e.failure());
            return;
        }
        Optional<SealedRpc> parsed = SealedRpc.parse(plaintext);
        if (parsed.isEmpty()) {
            answer(session, relayId, SealedRpc.error(SealedRpc.idOf(plaintext),
                    new RpcError(ErrorCode.BAD_REQUEST, "a sealed rpc is {\"id\",\"method\",\"params\"}")));
            return;
        }
        SealedRpc rpc = parsed.get();
        switch (rpc.method()) {
            case SealedFrames.DEVICES_LIST -> answer(session, relayId,
                    SealedRpc.result(rpc.id(), WireJson.mapper().valueToTree(e2e.devices(session.deviceId()))));
            case SealedFrames.DEVICES_REVOKE -> crypto.execute(() -> revoke(session, relayId, rpc));
            case SealedFrames.DEVICES_RENAME -> crypto.execute(() -> rename(session, relayId, rpc));
            default -> bridge.call(rpc.method(), rpc.params()).whenComplete((result, failure) -> {
                if (failure != null) {
                    answer(session, relayId, SealedRpc.error(rpc.id(), RpcException.of(failure).toError()));
                    return;
                }
                titles.answered(result);
                answer(session, relayId, SealedRpc.result(rpc.id(), result));
            });
        }
    }

    /** {@code devices/revoke {"deviceId"}}: off the socket's thread, since it rewrites devices.json. */
    private void revoke(OpenSession asker, String relayId, SealedRpc rpc) {
        JsonNode deviceId = rpc.params().path("deviceId");
        if (!deviceId.isString()) {
            answer(asker, relayId, SealedRpc.error(rpc.id(), new RpcError(ErrorCode.BAD_REQUEST, "deviceId is required and must be a string")));
            return;
        }
        try {
            if (!e2e.revoke(deviceId.asString())) {
                answer(asker, relayId, SealedRpc.error(rpc.id(), new RpcError(ErrorCode.NOT_FOUND, "no trusted device has this id")));
                return;
            }
        } catch (IOException e) {
            answer(asker, relayId, SealedRpc.error(rpc.id(), new RpcError(ErrorCode.INTERNAL, "the device list could not be saved")));
            return;
        }
        answer(asker, relayId, SealedRpc.result(rpc.id(), WireJson.mapper().createObjectNode().put("revoked", deviceId.asString())));
        deviceRevoked(deviceId.asString());
    }

    /** {@code devices/rename {"deviceId","name"}}: off the socket's thread, since it rewrites devices.json. */
    private void rename(OpenSession asker, String relayId, SealedRpc rpc) {
        JsonNode deviceId = rpc.params().path("deviceId");
        JsonNode name = rpc.params().path("name");
        if (!deviceId.isString() || !name.isString()) {
            answer(asker, relayId, SealedRpc.error(rpc.id(), new RpcError(ErrorCode.BAD_REQUEST, "deviceId and name are required and must be strings")));
            return;
        }
        try {
            if (!e2e.rename(deviceId.asString(), name.asString())) {
                answer(asker, relayId, SealedRpc.error(rpc.id(), new RpcError(ErrorCode.NOT_FOUND, "no trusted device has this id")));
                return;
            }
        } catch (E2eException e) {
            answer(asker, relayId, SealedRpc.error(rpc.id(), new RpcError(ErrorCode.BAD_REQUEST, e.getMessage())));
            return;
        } catch (IOException e) {
            answer(asker, relayId, SealedRpc.error(rpc.id(), new RpcError(ErrorCode.INTERNAL, "the device list could not be saved")));
            return;
        }
        answer(asker, relayId, SealedRpc.result(rpc.id(), WireJson.mapper().createObjectNode()
                .put("renamed", deviceId.asString()).put("name", name.asString())));
    }

    private void introduce(JsonNode frame) {
        IntroductionAccepted accepted;
        try {
            HelperE2e.Introduced introduced = e2e.introduce(IntroductionJson.parse(frame.path("introduction")));
            accepted = new IntroductionAccepted(introduced.deviceId(), introduced.proof());
        } catch (E2eException e) {
            refuse(frame, e.failure());
            return;
        } catch (IOException e) {
            refuse(frame, ErrorCode.INTERNAL, "the device list could not be saved");
            return;
        }
        uplink.send(RelayFrames.result(text(frame, "id"), WireJson.mapper().valueToTree(accepted)).toString());
    }

    /** A decision sealed on a notification: opened, then applied as {@code approval/respond} is, exactly once. */
    private void decision(JsonNode frame) {
        DecisionMessage decision;
        try {
            decision = endpoint.openDecision(text(frame, "deviceId"), text(frame, "approvalId"), text(frame, "sealed"));
        } catch (E2eException e) {
            refuse(frame, e.failure());
            return;
        }
        ObjectNode respond = WireJson.mapper().createObjectNode().put("approvalId", decision.approvalId())
                .put("decision", decision.decision().wire()).put("idempotencyKey", decision.idempotencyKey());
        String id = text(frame, "id");
        bridge.call(RpcMethods.APPROVAL_RESPOND, respond).whenComplete((result, failure) -> uplink.send((failure != null
                ? RelayFrames.error(id, RpcException.of(failure).toError())
                : RelayFrames.result(id, result)).toString()));
    }

    /** Queues an rpc's sealed answer behind whatever is held back, so the session's frames keep their order. */
    private void answer(OpenSession session, String relayId, ObjectNode answer) {
        byte[] plaintext = WireJson.mapper().writeValueAsBytes(answer);
        if (plaintext.length > E2eLimits.MAX_FRAME_PLAINTEXT_BYTES) {
            plaintext = WireJson.mapper().writeValueAsBytes(SealedRpc.error(answer.path("id"), new RpcError(ErrorCode.BAD_REQUEST,
                    "the answer is larger than a relay frame; ask for fewer items (limit, cursor, itemsView)")));
        }
        submit(new Outbound.Directed(session, SealedFrames.RESULT, "", relayId, plaintext));
    }

    private void submit(Outbound next) {
        synchronized (sending) {
            backlog.add(next);
            flush();
        }
    }

    /** Seals and sends held-back frames while the uplink keeps up; {@link #onDrained} carries on from there. */
    private void flush() {
        if (flushing) {
            return;
        }
        flushing = true;
        holding = true; // Until it is known otherwise: a drain during this flush must come back for what it leaves.
        try {
            for (Optional<Outbound> next = Optional.empty(); !uplink.backedUp() && (next = backlog.poll()).isPresent(); ) {
                switch (next.get()) {
                    case Outbound.Event event -> broadcast(SealedFrames.EVENT, "", EventPayload.of(event.method(), event.params()));
                    case Outbound.Broadcast card -> broadcast(card.type(), card.ref(), card.plaintext());
                    case Outbound.Directed one -> seal(one.session(), one.type(), one.ref(), one.relayId(), one.plaintext());
                }
            }
        } finally {
            flushing = false;
            holding = backlog.size() > 0;
        }
    }

    private void broadcast(String type, String ref, byte[] plaintext) {
        for (OpenSession session : sessions.snapshot()) {
            seal(session, type, ref, "", plaintext);
        }
    }

    private void seal(OpenSession session, String type, String ref, String relayId, byte[] plaintext) {
        try {
            if (!session.send(type, ref, plaintext, sealed -> frame(session, type, ref, relayId, sealed), uplink::send)) {
                drop(session, Failure.SESSION_CLOSED);
            }
        } catch (E2eException e) {
            drop(session, e.failure());
        }
    }

    /** Written as text, not built as a tree: this runs for every answer, and for every event once per session. */
    private String frame(OpenSession session, String type, String ref, String relayId, String sealed) {
        return switch (type) {
            case SealedFrames.RESULT -> SealedFrames.resultText(relayId, session.deviceId(), session.sessionId(), sealed);
            case SealedFrames.EVENT -> SealedFrames.eventText(machineId, session.deviceId(), session.sessionId(), sealed);
            default -> SealedFrames.approvalBoundText(type, machineId, session.deviceId(), session.sessionId(), ref, sealed);
        };
    }

    /** Ends a session that refused or could not take a frame, and tells its browser (once). */
    private void drop(OpenSession session, Failure why) {
        if (sessions.remove(session)) {
            tellClosed(session, why);
        }
    }

    private void tellClosed(OpenSession session, Failure why) {
        uplink.send(SealedFrames.closed(machineId, session.deviceId(), session.sessionId(), why.wire()).toString());
    }

    /** The card the sessions get: the approval, with the thread's title when the helper knows it. */
    private ObjectNode card(Approval approval) {
        ObjectNode card = WireJson.mapper().valueToTree(approval);
        titles.of(approval.threadId()).ifPresent(title -> card.put("threadTitle", title));
        return card;
    }

    /** An end-to-end refusal: {@code device_unknown} for an untrusted device, else {@code e2e_refused} naming the failure. */
    private void refuse(JsonNode frame, Failure failure) {
        refuse(frame, failure == Failure.DEVICE_UNKNOWN ? ErrorCode.DEVICE_UNKNOWN : ErrorCode.E2E_REFUSED, failure.wire());
    }

    private void refuse(JsonNode frame, ErrorCode code, String message) {
        uplink.send(RelayFrames.error(text(frame, "id"), new RpcError(code, message)).toString());
    }

    private static String text(JsonNode frame, String field) {
        return frame.path(field).asString("");
    }
}

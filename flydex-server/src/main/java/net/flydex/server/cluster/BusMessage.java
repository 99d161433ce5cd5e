package net.flydex.server.cluster;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;
import net.flydex.protocol.CodexStatus;

/**
 * The envelope of a message between nodes: who sent it and when, and what it is about. A helper
 * frame travels beside it unchanged ({@link BusCodec}); the envelope never holds content, so a
 * request id here can be logged on every node it crosses.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BusMessage.ToAgent.class, name = "toAgent"),
    @JsonSubTypes.Type(value = BusMessage.FromAgent.class, name = "fromAgent"),
    @JsonSubTypes.Type(value = BusMessage.Presence.class, name = "presence"),
    @JsonSubTypes.Type(value = BusMessage.Disconnect.class, name = "disconnect"),
    @JsonSubTypes.Type(value = BusMessage.GrantsChanged.class, name = "grantsChanged")
})
sealed interface BusMessage {
    /** The node that published it. */
    String node();

    /** When it was published, epoch ms on the sender's clock (for the bus lag metric). */
    long sentAt();

    /** A frame for a helper connected to the receiving node. */
    record ToAgent(String node, long sentAt, String requestId, String accountId, String machineId) implements BusMessage {
        public ToAgent {
            Objects.requireNonNull(node);
            Objects.requireNonNull(requestId);
            Objects.requireNonNull(accountId);
            Objects.requireNonNull(machineId);
        }
    }

    /** A frame a helper sent on the publishing node, for browsers anywhere. */
    record FromAgent(String node, long sentAt, String requestId, String accountId, String machineId) implements BusMessage {
        public FromAgent {
            Objects.requireNonNull(node);
            Objects.requireNonNull(requestId);
            Objects.requireNonNull(accountId);
            Objects.requireNonNull(machineId);
        }
    }

    /**
     * A machine's helper connected to, changed state on, or left the publishing node.
     *
     * @param generation orders connections of one machine: the highest is the newest and wins;
     *     {@link #ANY_GENERATION} on an offline message means "not here, whatever you believe"
     */
    record Presence(String node, long sentAt, String accountId, String machineId, boolean online, CodexStatus codexStatus,
            long generation) implements BusMessage {
        public Presence {
            Objects.requireNonNull(node);
            Objects.requireNonNull(accountId);
            Objects.requireNonNull(machineId);
            Objects.requireNonNull(codexStatus);
        }

        /** Sent by a node asked to deliver to a machine it does not hold: corrects a stale view anywhere. */
        static final long ANY_GENERATION = -1;
    }

    /** Close the machine's helper connection wherever it is (the machine was revoked). */
    record Disconnect(String node, long sentAt, String machineId, int code, String reason) implements BusMessage {
        public Disconnect {
            Objects.requireNonNull(node);
            Objects.requireNonNull(machineId);
            Objects.requireNonNull(reason);
        }
    }

    /**
     * Something that can take a browser's rpc grant away changed on the publishing node (a machine
     * revoked, an account's billing status): every node looks its kept grants up again before their
     * next use. It names nothing - the lookup itself finds what changed.
     */
    record GrantsChanged(String node, long sentAt) implements BusMessage {
        public GrantsChanged {
            Objects.requireNonNull(node);
        }
    }
}

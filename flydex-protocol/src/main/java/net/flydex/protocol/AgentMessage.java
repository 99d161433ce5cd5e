package net.flydex.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * The handshake and presence messages of {@code /ws/agent}, one JSON text frame each, told apart by
 * {@code type}:
 *
 * <pre>
 * server → helper  {"type":"challenge","nonce":"&lt;base64 of 32 random bytes&gt;"}
 * helper → server  {"type":"hello","machineId","signature","helperVersion","codexStatus"}
 * server → helper  {"type":"welcome"}                 (or a close, see {@link AgentClose})
 * helper → server  {"type":"status","codexStatus"}    (any time after welcome, when Codex changes)
 * helper → server  {"type":"revoke"}                  (after welcome: `flydex unpair`, see {@link Revoke})
 * helper → server  {"type":"helperKey","publicKey"}   (after every welcome, see {@link HelperKey})
 * </pre>
 *
 * <p>The signature proves the helper holds the machine's private key <em>now</em>: it covers a
 * nonce the server made for this socket, so a recorded hello is worthless on any other socket.
 * Every field is required; a missing one fails to parse.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AgentMessage.Challenge.class, name = "challenge"),
    @JsonSubTypes.Type(value = AgentMessage.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = AgentMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = AgentMessage.Status.class, name = "status"),
    @JsonSubTypes.Type(value = AgentMessage.Revoke.class, name = "revoke"),
    @JsonSubTypes.Type(value = AgentMessage.HelperKey.class, name = "helperKey")
})
public sealed interface AgentMessage {

    /** The server's first frame on every socket; {@code nonce} is valid for one hello on this socket only. */
    record Challenge(String nonce) implements AgentMessage {
        public Challenge {
            Objects.requireNonNull(nonce, "nonce");
        }
    }

    /**
     * The helper's answer to the challenge.
     *
     * @param signature base64 of the Ed25519 signature of the UTF-8 bytes of
     *     {@code flydex-agent-v1:<machineId>:<nonce>} ({@link MachineKeys#challengeBytes}; the
     *     versioned prefix {@link MachineKeys#CHALLENGE_PREFIX} keeps it from meaning anything else)
     * @param helperVersion the helper's version, shown in the machine list
     * @param codexStatus the state of Codex behind the helper right now
     */
    record Hello(String machineId, String signature, String helperVersion, CodexStatus codexStatus) implements AgentMessage {
        public Hello {
            Objects.requireNonNull(machineId, "machineId");
            Objects.requireNonNull(signature, "signature");
            Objects.requireNonNull(helperVersion, "helperVersion");
            Objects.requireNonNull(codexStatus, "codexStatus");
        }
    }

    /** The hello was accepted: the machine is online and browsers may reach it. */
    record Welcome() implements AgentMessage {}

    /** Codex behind the helper changed state (started, crashed, went missing). */
    record Status(CodexStatus codexStatus) implements AgentMessage {
        public Status {
            Objects.requireNonNull(codexStatus, "codexStatus");
        }
    }

    /**
     * The machine removes itself from its account ({@code flydex unpair}). It carries no fields:
     * it is honoured only on a welcomed socket, so it can only ever name the machine whose key
     * just signed this socket's challenge. The server revokes the machine and closes the socket
     * with {@link AgentClose#UNAUTHORIZED}, as for a revoke from the owner's browser.
     */
    record Revoke() implements AgentMessage {}

    /**
     * The helper's end-to-end public key S_h (base64url of the 65-byte P-256 point), sent after
     * every welcome. The server lists it as the machine's {@code e2eKey} so a phone can tell which
     * machine a QR offer's key belongs to; devices pin S_h only from an offer they read out of
     * band, so a server that lies here only makes their handshake fail (docs/e2e.md).
     */
    record HelperKey(String publicKey) implements AgentMessage {
        public HelperKey {
            Objects.requireNonNull(publicKey, "publicKey");
        }
    }
}

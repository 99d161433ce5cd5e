package net.flydex.server.machines;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;
import net.flydex.protocol.AgentClose;
import net.flydex.protocol.AgentMessage;
import net.flydex.protocol.MachineKeys;

/**
 * Decides whether a hello proves possession of a live machine's key for this socket's nonce. The
 * signature is checked before anything else about the machine is revealed, so an id alone tells a
 * caller nothing.
 */
final class AgentHandshake {
    /** How a hello ended. */
    sealed interface Outcome {
        record Accepted(AgentIdentity identity) implements Outcome {}

        /** @param machine the machine the hello named, when it exists (for the audit log) */
        record Refused(int closeCode, String reason, Optional<AgentIdentity> machine) implements Outcome {}
    }

    private final Machines machines;

    AgentHandshake(Machines machines) {
        this.machines = machines;
    }

    Outcome check(String nonce, AgentMessage.Hello hello) {
        if (!MachineFields.isHelperVersion(hello.helperVersion())) {
            return new Outcome.Refused(AgentClose.BAD_HELLO, "bad helperVersion", Optional.empty());
        }
        Optional<AgentIdentity> identity = machines.identity(hello.machineId());
        if (identity.isEmpty()) {
            return new Outcome.Refused(AgentClose.UNAUTHORIZED, "unknown or revoked machine", Optional.empty());
        }
        byte[] signed = MachineKeys.challengeBytes(hello.machineId(), nonce);
        if (!signatureValid(identity.get().key(), signed, hello.signature())) {
            return new Outcome.Refused(AgentClose.UNAUTHORIZED, "bad signature", identity);
        }
        if (!identity.get().finalized()) {
            return new Outcome.Refused(AgentClose.NOT_FINALIZED, "local connect not finalized yet", identity);
        }
        return new Outcome.Accepted(identity.get());
    }

    private static boolean signatureValid(MachineKey key, byte[] signed, String signatureBase64) {
        try {
            var verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(MachineKeys.fromRaw(key.raw()));
            verifier.update(signed);
            return verifier.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // Not base64, or not a well-formed signature: as good as a wrong one.
        }
    }
}

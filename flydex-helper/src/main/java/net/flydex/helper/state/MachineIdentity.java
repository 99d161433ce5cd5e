package net.flydex.helper.state;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import net.flydex.protocol.MachineKeys;

/** This desktop's Ed25519 key pair. The private key never leaves the state directory. */
public final class MachineIdentity {
    private static final String PEM_LABEL = "PRIVATE KEY";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private MachineIdentity(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    static MachineIdentity generate() throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return new MachineIdentity(pair.getPrivate(), pair.getPublic());
    }

    static MachineIdentity fromPem(String pem, byte[] rawPublicKey) throws GeneralSecurityException {
        PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Pem.decode(PEM_LABEL, pem)));
        return new MachineIdentity(privateKey, MachineKeys.fromRaw(rawPublicKey));
    }

    String toPem() {
        return Pem.encode(PEM_LABEL, privateKey.getEncoded());
    }

    /** Base64 of the raw 32-byte public key, as the server's register route takes it. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(MachineKeys.raw(publicKey));
    }

    public String fingerprint() {
        return MachineKeys.fingerprint(MachineKeys.raw(publicKey));
    }

    /** Signs the /ws/agent challenge for this machine. */
    public String signChallenge(String machineId, String nonce) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(MachineKeys.challengeBytes(machineId, nonce));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}

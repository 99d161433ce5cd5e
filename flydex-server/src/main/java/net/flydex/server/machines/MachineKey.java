package net.flydex.server.machines;

import java.util.Base64;
import net.flydex.protocol.MachineKeys;
import net.flydex.server.http.ApiException;

/**
 * A machine's Ed25519 public key in its stored form: canonical base64 of the raw 32 bytes, so the
 * same key always maps to the same row however the helper padded it.
 */
public record MachineKey(String base64) {

    /** The key a helper sent, or 400 when it is not base64 of 32 bytes. */
    public static MachineKey parse(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("publicKey must be base64");
        }
        // The JDK accepts any 32 bytes as a key; bytes that are not a curve point simply never
        // verify a hello, so such a machine can never connect.
        if (raw.length != MachineKeys.RAW_PUBLIC_KEY_BYTES) {
            throw ApiException.badRequest("publicKey must be the raw " + MachineKeys.RAW_PUBLIC_KEY_BYTES + "-byte Ed25519 key");
        }
        return new MachineKey(Base64.getEncoder().encodeToString(raw));
    }

    public byte[] raw() {
        return Base64.getDecoder().decode(base64);
    }

    public String fingerprint() {
        return MachineKeys.fingerprint(raw());
    }
}

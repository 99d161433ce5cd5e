package net.flydex.protocol.e2e;

/**
 * What a device pins about a helper once an introduction is confirmed: its static key S_h, read
 * from the QR and never from the server. The device keeps one per machine id.
 */
public record TrustedHelper(byte[] publicKey) {
    /** The fingerprint a person compares with the one the desktop shows. */
    public String fingerprint() {
        return P256.fingerprint(publicKey);
    }
}

package net.flydex.helper.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import net.flydex.helper.state.Pem;
import net.flydex.helper.state.PrivateFiles;
import net.flydex.protocol.e2e.Bytes;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.E2eLimits;
import net.flydex.protocol.e2e.P256;

/**
 * {@code e2e-key.pem} (0600) in the state directory: the helper's end-to-end static key S_h, made
 * on first start. It holds the PKCS#8 private key and, after it, the public key as an X.509
 * SubjectPublicKeyInfo block: the JDK cannot derive a P-256 public point from its private scalar,
 * and both blocks are what {@code openssl pkey} reads and writes.
 */
final class HelperKeyFile {
    static final String FILE = "e2e-key.pem";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    /** DER of SubjectPublicKeyInfo{id-ecPublicKey, prime256v1} up to the uncompressed point (RFC 5480). */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

    private HelperKeyFile() {}

    /** The key in {@code stateDir}, made and saved first when there is none. */
    static P256.KeyPair loadOrCreate(Path stateDir, SecureRandom random) throws IOException {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            P256.KeyPair fresh = P256.generate(random);
            PrivateFiles.write(file, (Pem.encode(PRIVATE_LABEL, fresh.privateKey().getEncoded())
                    + Pem.encode(PUBLIC_LABEL, Bytes.concat(SPKI_PREFIX, fresh.publicKey()))).getBytes(StandardCharsets.US_ASCII));
            return fresh;
        }
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Pem.decode(PRIVATE_LABEL, pem)));
            byte[] spki = Pem.decode(PUBLIC_LABEL, pem);
            if (spki.length != SPKI_PREFIX.length + E2eLimits.PUBLIC_KEY_BYTES
                    || !Arrays.equals(SPKI_PREFIX, Arrays.copyOf(spki, SPKI_PREFIX.length))) {
                throw new IOException("the public key in " + file + " is not a P-256 key");
            }
            return P256.fromScalar(P256.scalar(privateKey), Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
        } catch (GeneralSecurityException | E2eException | IllegalArgumentException | ClassCastException e) {
            throw new IOException(file + " is unreadable; it was left untouched", e);
        }
    }
}

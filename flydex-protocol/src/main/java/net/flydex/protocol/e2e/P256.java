package net.flydex.protocol.e2e;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;

/**
 * P-256 keys as the protocol carries them, and ECDH between them (JDK SunEC). A public key on the
 * wire is the 65-byte uncompressed point WebCrypto exports as "raw"; every received one is checked
 * to lie on the curve before any use, so no invalid-curve point reaches a key agreement.
 */
public final class P256 {
    private static final ECParameterSpec PARAMS = params();
    private static final BigInteger P = ((ECFieldFp) PARAMS.getCurve().getField()).getP();
    private static final int COORDINATE_BYTES = 32;
    /** Bytes of the short id a device is known by: 128 bits of SHA-256 of its public key. */
    private static final int DEVICE_ID_BYTES = 16;
    /** Bytes of a fingerprint shown to people: 64 bits, four groups of four hex digits. */
    private static final int FINGERPRINT_BYTES = 8;

    private P256() {}

    /** A key pair: the JDK private key and the public key's 65 wire bytes. */
    public record KeyPair(PrivateKey privateKey, byte[] publicKey) {
        public KeyPair {
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    /** A fresh key pair from {@code random}. */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            java.security.KeyPair pair = generator.generateKeyPair();
            return new KeyPair(pair.getPrivate(), encode(((ECPublicKey) pair.getPublic()).getW()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has P-256", e);
        }
    }

    /**
     * A key pair from its private scalar and public point (test vectors, and a key the helper
     * stored). The point is checked, not recomputed: the JDK has no public scalar multiplication.
     */
    public static KeyPair fromScalar(byte[] scalar, byte[] publicKey) throws E2eException {
        checkPoint(publicKey);
        if (scalar.length != COORDINATE_BYTES) {
            throw new E2eException(Failure.MALFORMED, "a P-256 private key is 32 bytes");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), PARAMS));
            return new KeyPair(key, publicKey);
        } catch (GeneralSecurityException e) {
            throw new E2eException(Failure.MALFORMED, "not a P-256 private key");
        }
    }

    /** The 32-byte private scalar, for a helper that stores its key and for the vector generator. */
    public static byte[] scalar(PrivateKey key) {
        return fixed(((ECPrivateKey) key).getS());
    }

    /** Refuses anything but an uncompressed point on P-256 (x, y below p, and y² = x³ + ax + b). */
    public static void checkPoint(byte[] publicKey) throws E2eException {
        if (publicKey.length != E2eLimits.PUBLIC_KEY_BYTES || publicKey[0] != 0x04) {
            throw new E2eException(Failure.BAD_POINT, "not an uncompressed P-256 point");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(publicKey, 1, 1 + COORDINATE_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(publicKey, 1 + COORDINATE_BYTES, publicKey.length));
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
            throw new E2eException(Failure.BAD_POINT, "coordinate out of range");
        }
        BigInteger left = y.multiply(y).mod(P);
        BigInteger right = x.pow(3).add(PARAMS.getCurve().getA().multiply(x)).add(PARAMS.getCurve().getB()).mod(P);
        if (!left.equals(right)) {
            throw new E2eException(Failure.BAD_POINT, "not on the curve");
        }
    }

    /** ECDH: the 32-byte x coordinate of {@code own} times {@code peer}; the peer's point is checked first. */
    public static byte[] agree(PrivateKey own, byte[] peer) throws E2eException {
        checkPoint(peer);
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(own);
            agreement.doPhase(toPublicKey(peer), true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new E2eException(Failure.BAD_POINT, "key agreement refused the point");
        }
    }

    /** The id a device is known by: base64url of the first 16 bytes of SHA-256 of its public key (22 characters). */
    public static String deviceId(byte[] publicKey) {
        return Base64Url.encode(Arrays.copyOf(sha256(publicKey), DEVICE_ID_BYTES));
    }

    /** What a person compares on two screens: "1A2B 3C4D 5E6F 7A8B", from SHA-256 of the public key. */
    public static String fingerprint(byte[] publicKey) {
        String hex = HexFormat.of().withUpperCase().formatHex(Arrays.copyOf(sha256(publicKey), FINGERPRINT_BYTES));
        return String.join(" ", hex.substring(0, 4), hex.substring(4, 8), hex.substring(8, 12), hex.substring(12, 16));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static PublicKey toPublicKey(byte[] point) throws GeneralSecurityException {
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + COORDINATE_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + COORDINATE_BYTES, point.length));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
    }

    private static byte[] encode(ECPoint point) {
        return Bytes.concat(new byte[] {0x04}, fixed(point.getAffineX()), fixed(point.getAffineY()));
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[COORDINATE_BYTES];
        int n = Math.min(bytes.length, COORDINATE_BYTES);
        System.arraycopy(bytes, bytes.length - n, out, COORDINATE_BYTES - n, n);
        return out;
    }

    private static ECParameterSpec params() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has P-256", e);
        }
    }
}

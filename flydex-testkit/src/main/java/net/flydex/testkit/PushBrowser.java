package net.flydex.testkit;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A browser's side of one push subscription, made as a browser makes it: a fresh P-256 key pair
 * and a 16-byte auth secret (RFC 8291), and an endpoint on a {@link FakePushService}. It decrypts
 * what the service accepted for it, and the test scripts how the service answers the next sends.
 */
public final class PushBrowser {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ECParameterSpec P256 = p256();

    final String id;
    private final String endpoint;
    private final KeyPair keys;
    private final byte[] publicKey;
    private final byte[] auth = new byte[16];
    final ConcurrentLinkedQueue<FakePushService.Answer> answers = new ConcurrentLinkedQueue<>();
    final BlockingQueue<PushDelivery> deliveries = new LinkedBlockingQueue<>();
    volatile boolean gone;

    PushBrowser(String id, String endpoint) {
        this.id = id;
        this.endpoint = endpoint;
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.publicKey = uncompressed((ECPublicKey) keys.getPublic());
        RANDOM.nextBytes(auth);
    }

    public String endpoint() {
        return endpoint;
    }

    public String p256dh() {
        return B64URL.encodeToString(publicKey);
    }

    public String auth() {
        return B64URL.encodeToString(auth);
    }

    /** What {@code PushSubscription.toJSON()} gives in a browser. */
    public Map<String, Object> toJson() {
        var json = new LinkedHashMap<String, Object>();
        json.put("endpoint", endpoint);
        json.put("expirationTime", null);
        json.put("keys", Map.of("p256dh", p256dh(), "auth", auth()));
        return json;
    }

    /** The subscription as the web app posts it to {@code /api/push/subscriptions}: {@link #toJson()} naming the device it belongs to. */
    public Map<String, Object> subscription(String deviceId) {
        var json = new LinkedHashMap<>(toJson());
        json.put("deviceId", deviceId);
        return json;
    }

    /** The service answers the next send to this subscription with {@code answer} (queued: one per send). */
    public PushBrowser thenAnswer(FakePushService.Answer answer) {
        answers.add(answer);
        return this;
    }

    /** The browser unsubscribed: from now on the service answers 410 Gone, as real ones do. */
    public void unsubscribe() {
        gone = true;
    }

    /** The next send this subscription received (accepted or not), waiting up to {@code timeout}; null if none. */
    public PushDelivery next(java.time.Duration timeout) throws InterruptedException {
        return deliveries.poll(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** RFC 8291 decryption of an {@code aes128gcm} body with this subscription's private key and auth secret. */
    byte[] decrypt(byte[] body) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        byte[] senderKey = new byte[in.get() & 0xff];
        in.get(senderKey);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        if (ciphertext.length > recordSize) {
            throw new GeneralSecurityException("more than one record");
        }
        var agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(keys.getPrivate());
        agreement.doPhase(publicKeyOf(senderKey), true);
        byte[] ecdhSecret = agreement.generateSecret();
        byte[] keyInfo = concat("WebPush: info".getBytes(StandardCharsets.US_ASCII), new byte[] {0}, publicKey, senderKey);
        byte[] ikm = hmac(hmac(auth, ecdhSecret), concat(keyInfo, new byte[] {1}));
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, concat("Content-Encoding: aes128gcm".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 1})), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, concat("Content-Encoding: nonce".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 1})), 12);
        var cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("no last-record delimiter");
        }
        return Arrays.copyOf(padded, end);
    }

    static ECPublicKey publicKeyOf(byte[] uncompressed) throws GeneralSecurityException {
        if (uncompressed.length != 65 || uncompressed[0] != 4) {
            throw new GeneralSecurityException("not an uncompressed P-256 point");
        }
        var point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)), new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
    }

    private static ECParameterSpec p256() {
        try {
            var parameters = java.security.AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has P-256", e);
        }
    }

    private static byte[] uncompressed(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copyUnsigned(key.getW().getAffineX(), out, 1);
        copyUnsigned(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copyUnsigned(BigInteger value, byte[] out, int offset) {
        byte[] raw = value.toByteArray();
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, out, offset + 32 - length, length);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer out = ByteBuffer.allocate(length);
        Arrays.stream(parts).forEach(out::put);
        return out.array();
    }
}

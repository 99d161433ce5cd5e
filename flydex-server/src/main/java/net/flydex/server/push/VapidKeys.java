package net.flydex.server.push;

import com.zerodeplibs.webpush.VAPIDKeyPair;
import com.zerodeplibs.webpush.VAPIDKeyPairs;
import com.zerodeplibs.webpush.key.PrivateKeySources;
import com.zerodeplibs.webpush.key.PublicKeySources;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The deployment's VAPID key pair (RFC 8292), kept in the database so every node of a cluster
 * signs with the same key. The first node to start creates it; {@code push rotate-vapid} replaces
 * it and drops every subscription, since browsers subscribed with the old key: they subscribe
 * again on their next visit, seeing {@code GET /api/push/key} differ from their subscription's key.
 *
 * <p>Read from the database on each use (one row by primary key), so a rotation by another
 * process is seen at once; only the parsed key is cached, by its public half.
 */
public final class VapidKeys {
    private static final String SLOT = "current";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    /** A key pair with its public half as browsers see it. */
    public record Signer(String publicKey, VAPIDKeyPair pair) {}

    private record Stored(String publicKey, String privateKey) {}

    private final Jdbi jdbi;
    private final AtomicReference<Signer> parsed = new AtomicReference<>();

    private VapidKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The deployment's keys, creating them if this is the first start (a concurrent first start inserts one row only). */
    public static VapidKeys ensure(Jdbi jdbi, Clock clock) {
        Stored fresh = generate();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO push_vapid_keys (slot, public_key, private_key, created_at) VALUES (:slot, :public, :private, :now)
                        ON CONFLICT (slot) DO NOTHING""")
                .bind("slot", SLOT).bind("public", fresh.publicKey()).bind("private", fresh.privateKey()).bind("now", clock.millis())
                .execute());
        return new VapidKeys(jdbi);
    }

    /**
     * Replaces the key pair and deletes every subscription (they were made with the old key), in
     * one transaction. Answers the new public key.
     */
    public static String rotate(Jdbi jdbi, Clock clock) {
        Stored fresh = generate();
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM push_subscriptions").execute();
            h.createUpdate("DELETE FROM push_vapid_keys").execute();
            h.createUpdate("INSERT INTO push_vapid_keys (slot, public_key, private_key, created_at) VALUES (:slot, :public, :private, :now)")
                    .bind("slot", SLOT).bind("public", fresh.publicKey()).bind("private", fresh.privateKey()).bind("now", clock.millis())
                    .execute();
        });
        return fresh.publicKey();
    }

    /** The public key browsers pass to {@code pushManager.subscribe} (base64url, uncompressed point). */
    public String publicKey() {
        return jdbi.withHandle(VapidKeys::read).publicKey();
    }

    /** The signer for subscriptions made with {@code publicKey}, if that is still the deployment's key. */
    public Optional<Signer> signerFor(String publicKey) {
        Signer cached = parsed.get();
        if (cached != null && cached.publicKey().equals(publicKey)) {
            return Optional.of(cached);
        }
        Stored stored = jdbi.withHandle(VapidKeys::read);
        if (!stored.publicKey().equals(publicKey)) {
            return Optional.empty();
        }
        var signer = new Signer(stored.publicKey(), VAPIDKeyPairs.of(
                PrivateKeySources.ofPKCS8Bytes(B64URL_DECODER.decode(stored.privateKey())),
                PublicKeySources.ofUncompressedBytes(B64URL_DECODER.decode(stored.publicKey()))));
        parsed.set(signer);
        return Optional.of(signer);
    }

    private static Stored read(Handle h) {
        return h.createQuery("SELECT public_key, private_key FROM push_vapid_keys WHERE slot = :slot").bind("slot", SLOT)
                .map((rs, ctx) -> new Stored(rs.getString(1), rs.getString(2))).findOne()
                .orElseThrow(() -> new IllegalStateException("no VAPID key: the database was not set up by VapidKeys.ensure"));
    }

    private static Stored generate() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var pair = generator.generateKeyPair();
            byte[] uncompressed = PublicKeySources.ofECPublicKey((ECPublicKey) pair.getPublic()).extractBytesInUncompressedForm();
            return new Stored(B64URL.encodeToString(uncompressed), B64URL.encodeToString(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has P-256", e);
        }
    }
}

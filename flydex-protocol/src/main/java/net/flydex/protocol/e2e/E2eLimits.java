package net.flydex.protocol.e2e;

import java.time.Duration;
import net.flydex.protocol.Limits;

/** Every size, count and time that bounds the end-to-end protocol, each with its reason. */
public final class E2eLimits {
    private E2eLimits() {}

    /** The only suite so far (P-256, HKDF-SHA-256, AES-256-GCM); first byte of every binary message. */
    public static final byte VERSION = 0x01;

    /** A P-256 public key as WebCrypto exports it ("raw"): 0x04, then x and y of 32 bytes each. */
    public static final int PUBLIC_KEY_BYTES = 65;

    /** Bytes of an ECDH shared secret on P-256 (the x coordinate), which both JDK and WebCrypto return. */
    public static final int SHARED_SECRET_BYTES = 32;

    /** AES-256 keys: 256 bits leave a margin against multi-target and quantum search. */
    public static final int KEY_BYTES = 32;

    /** AES-GCM nonces are 96 bits, the size GCM is specified and analysed for. */
    public static final int NONCE_BYTES = 12;

    /** Full 128-bit GCM tags: shorter tags weaken forgery bounds for no useful gain here. */
    public static final int TAG_BYTES = 16;

    /** Offer ids and one-time secrets: 128 bits from a CSPRNG, as CONTRACT.md requires of every code. */
    public static final int OFFER_ID_BYTES = Limits.ID_BYTES;

    /** The one-time secret in a QR offer: 128 bits, never sent to any server. */
    public static final int OFFER_SECRET_BYTES = 16;

    /** HMAC-SHA-256 proofs in an introduction: the full 32-byte MAC. */
    public static final int PROOF_BYTES = 32;

    /** A QR offer lives as long as the server's pairing claim (T4): one QR, one expiry. */
    public static final Duration OFFER_LIFETIME = Duration.ofSeconds(120);

    /** Offers a helper keeps open at once: a desktop shows one QR at a time; more is a bug or an attack. */
    public static final int MAX_OPEN_OFFERS = 8;

    /** Longest device name in UTF-8 bytes: enough for "Ada's iPhone (Safari)", short enough for a list. */
    public static final int MAX_DEVICE_NAME_BYTES = 64;

    /**
     * Frames one session may seal each way. Counters are 64-bit on the wire; stopping at 2^32 keeps
     * every key far inside AES-GCM's usage bounds, and a socket that lives that long simply reconnects.
     */
    public static final long MAX_FRAMES_PER_DIRECTION = 1L << 32;

    /** A sealed frame's header: the version byte and the 64-bit counter. */
    public static final int FRAME_HEADER_BYTES = 1 + Long.BYTES;

    /** Room left in a 1 MiB relay frame for the clear JSON envelope (type, ids, field names) around a sealed frame. */
    public static final int RELAY_ENVELOPE_RESERVE_BYTES = 4 * 1024;

    /**
     * Largest plaintext one sealed frame may carry: what fits base64url-encoded, with its header and
     * tag, in a relay frame next to its envelope (783,335 bytes).
     */
    public static final int MAX_FRAME_PLAINTEXT_BYTES =
            (Limits.MAX_FRAME_BYTES - RELAY_ENVELOPE_RESERVE_BYTES) / 4 * 3 - FRAME_HEADER_BYTES - TAG_BYTES;

    /** A one-shot message's header: the version byte and the sender's ephemeral public key. */
    public static final int ONE_SHOT_HEADER_BYTES = 1 + PUBLIC_KEY_BYTES;

    /** Web Push services refuse bodies over 4,096 bytes (RFC 8030 §7.2). */
    public static final int WEB_PUSH_MAX_BODY_BYTES = 4096;

    /** What RFC 8291's aes128gcm adds to a push body: 86-byte header, 16-byte tag, 1 padding delimiter. */
    public static final int WEB_PUSH_ENCRYPTION_OVERHEAD_BYTES = 86 + 16 + 1;

    /** Room left in a push message for its clear JSON (machine id, approval id, field names). */
    public static final int PUSH_ENVELOPE_RESERVE_BYTES = 512;

    /**
     * Largest plaintext a sealed push may carry: what fits base64url-encoded, with the one-shot header
     * and tag, in a Web Push body next to its clear fields (2,528 bytes). The helper trims the card to fit.
     */
    public static final int MAX_PUSH_PLAINTEXT_BYTES =
            (WEB_PUSH_MAX_BODY_BYTES - WEB_PUSH_ENCRYPTION_OVERHEAD_BYTES - PUSH_ENVELOPE_RESERVE_BYTES) / 4 * 3
                    - ONE_SHOT_HEADER_BYTES - TAG_BYTES;

    /** Largest plaintext of a sealed decision: four short fields; anything bigger is not a decision. */
    public static final int MAX_DECISION_PLAINTEXT_BYTES = 1024;

    /**
     * Oldest decision the helper accepts, by its issuedAt: a notification tapped and sent at once
     * arrives in seconds; this bounds how long a captured decision stays usable.
     */
    public static final Duration DECISION_MAX_AGE = Duration.ofMinutes(10);

    /** How far a decision's issuedAt may lie ahead of the helper's clock: phones and desktops drift a little. */
    public static final Duration DECISION_MAX_CLOCK_SKEW = Duration.ofMinutes(2);
}

package net.flydex.protocol.e2e;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The helper's offers and the introductions that answer them. An offer is made for one QR, lives
 * {@link E2eLimits#OFFER_LIFETIME} by the helper's clock, and is consumed by the first
 * introduction that names it, whatever that attempt's outcome: an offer is never tried twice.
 * Safe to use from several threads.
 */
public final class Introductions {
    private final P256.KeyPair helperKey;
    private final TrustedDevices devices;
    private final Clock clock;
    private final SecureRandom random;
    /** Open offers by id, oldest first. */
    private final Map<String, Offer> open = new LinkedHashMap<>();

    public Introductions(P256.KeyPair helperKey, TrustedDevices devices, Clock clock, SecureRandom random) {
        this.helperKey = helperKey;
        this.devices = devices;
        this.clock = clock;
        this.random = random;
    }

    /** A fresh offer for a QR; the oldest open offer is dropped beyond {@link E2eLimits#MAX_OPEN_OFFERS}. */
    public synchronized Offer offer() {
        Instant now = clock.instant();
        dropExpired(now);
        byte[] offerId = new byte[E2eLimits.OFFER_ID_BYTES];
        byte[] secret = new byte[E2eLimits.OFFER_SECRET_BYTES];
        random.nextBytes(offerId);
        random.nextBytes(secret);
        // Whole seconds on the wire; rounding down keeps the QR's word no later than the helper's.
        Offer offer = new Offer(offerId, secret, helperKey.publicKey(), Instant.ofEpochSecond(now.plus(E2eLimits.OFFER_LIFETIME).getEpochSecond()));
        open.put(offer.id(), offer);
        if (open.size() > E2eLimits.MAX_OPEN_OFFERS) {
            open.remove(open.keySet().iterator().next());
        }
        return offer;
    }

    /**
     * Accepts an introduction once: the offer must be open and unexpired, the device key a valid
     * point, the name acceptable and the proof right. The device is then trusted.
     */
    public IntroductionAccepted accept(Introduction introduction) throws E2eException {
        Offer offer = take(introduction.offerId());
        if (!clock.instant().isBefore(offer.expiresAt())) {
            throw new E2eException(Failure.OFFER_EXPIRED, "the offer has expired");
        }
        byte[] deviceKey = Base64Url.decode(introduction.devicePublicKey());
        P256.checkPoint(deviceKey);
        TrustedDevice.checkName(introduction.deviceName());
        byte[] proof = Base64Url.decode(introduction.proof(), E2eLimits.PROOF_BYTES, "a proof");
        IntroductionProofs proofs = IntroductionProofs.of(offer.secret(), helperKey.privateKey(), deviceKey, offer.offerId(),
                helperKey.publicKey(), deviceKey, introduction.deviceName());
        IntroductionProofs.check(proofs.device(), proof);
        String deviceId = P256.deviceId(deviceKey);
        devices.add(new TrustedDevice(deviceId, deviceKey, introduction.deviceName(), clock.instant()));
        return new IntroductionAccepted(deviceId, Base64Url.encode(proofs.helper()));
    }

    /** Removes and answers the named offer: atomic, so two racing introductions cannot both have it. */
    private synchronized Offer take(String offerId) throws E2eException {
        Offer offer = offerId == null ? null : open.remove(offerId);
        if (offer == null) {
            throw new E2eException(Failure.OFFER_UNKNOWN, "no open offer has this id");
        }
        return offer;
    }

    private void dropExpired(Instant now) {
        for (Iterator<Offer> it = open.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().expiresAt())) {
                it.remove();
            }
        }
    }
}

package net.flydex.protocol.e2e;

/**
 * A device's answer to an {@link Offer}, sent to the helper through the server (which cannot
 * forge it: it lacks the offer's secret). Every field is the wire text: base64url for bytes.
 *
 * @param offerId         the offer being answered
 * @param devicePublicKey the device's static key S_d (65 bytes)
 * @param deviceName      what the person calls this device, at most
 *                        {@link E2eLimits#MAX_DEVICE_NAME_BYTES} UTF-8 bytes, no control characters
 * @param proof           HMAC-SHA-256 under the introduction key of the device transcript (see
 *                        {@link IntroductionProofs})
 */
public record Introduction(String offerId, String devicePublicKey, String deviceName, String proof) {}

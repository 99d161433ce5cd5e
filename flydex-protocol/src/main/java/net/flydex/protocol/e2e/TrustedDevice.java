package net.flydex.protocol.e2e;

import java.time.Instant;

/**
 * A device this helper accepted through an introduction: the only kind of peer whose frames and
 * decisions it opens.
 *
 * @param deviceId      {@link P256#deviceId} of the key
 * @param publicKey     the device's static key S_d (65 bytes)
 * @param name          what the person called it (checked by {@link #checkName})
 * @param introducedAt  when the helper accepted it, by the helper's clock
 */
public record TrustedDevice(String deviceId, byte[] publicKey, String name, Instant introducedAt) {
    /** The fingerprint a person compares with the one the device shows. */
    public String fingerprint() {
        return P256.fingerprint(publicKey);
    }

    /** A device name is 1 to {@link E2eLimits#MAX_DEVICE_NAME_BYTES} UTF-8 bytes with no control characters (no forged lines in a list or log). */
    public static void checkName(String name) throws E2eException {
        if (name == null || name.isEmpty() || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new E2eException(Failure.MALFORMED, "a device name is non-empty text without control characters");
        }
        if (Bytes.utf8(name).length > E2eLimits.MAX_DEVICE_NAME_BYTES) {
            throw new E2eException(Failure.TOO_LARGE, "a device name is at most " + E2eLimits.MAX_DEVICE_NAME_BYTES + " bytes");
        }
    }
}

package net.flydex.protocol.e2e;

/**
 * The helper's answer to an accepted {@link Introduction}: the device's id and the helper's own
 * proof, which tells the device that the holder of S_h (and of the offer's secret) trusts it now.
 */
public record IntroductionAccepted(String deviceId, String proof) {}

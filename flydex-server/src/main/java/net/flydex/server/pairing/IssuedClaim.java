package net.flydex.server.pairing;

import java.time.Instant;

/**
 * A new claim's secrets, handed to the desktop once and stored only as hashes: the claim code
 * goes into the QR for the phone, the poll token stays with the desktop page.
 */
public record IssuedClaim(String claimId, String claimCode, String pollToken, Instant expiresAt) {}

/**
 * Accounts and sessions: sign-up, sign-in (Argon2id), 14-day sessions with rotating refresh
 * tokens and reuse detection, sign-out, {@code /api/me}. Tokens are 128-bit secrets stored as
 * hashes; browsers hold them in HttpOnly cookies, other clients send a bearer token.
 */
package net.flydex.server.accounts;

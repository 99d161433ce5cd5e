/**
 * QR pairing claims: the desktop page creates a claim and shows its code in a QR; a signed-in
 * phone inspects it (machine, platform, requesting address), then approves or denies it once;
 * the desktop's first poll that sees the approval receives a session for the approving account.
 * Codes and poll tokens are 128-bit secrets stored as hashes; claims live 120 s by the server's
 * clock; single use is enforced by a conditional UPDATE in the database.
 */
package net.flydex.server.pairing;

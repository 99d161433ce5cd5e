/**
 * Command-line benchmarks of the helper against the real, pinned Codex binary and a scripted
 * model: what the bridge adds to a round trip, how fast the helper becomes healthy, and what it
 * costs in memory while idle. {@link net.flydex.bench.BridgeBench} runs them all and prints the
 * table that {@code docs/benchmarks.md} quotes. {@link net.flydex.bench.PairingBench} does the same
 * for the control plane: Argon2id cost, sign-in latency, and the first pairing end to end.
 * {@link net.flydex.bench.RelayBench} measures the relay: a browser's rpc round trip to the helper
 * and back, the approval card's way to the browser, and the server's memory per idle connection
 * (its clients run in a second JVM, {@link net.flydex.bench.IdleClients}).
 * {@link net.flydex.bench.SealBench} times end-to-end sealing per event against the JSON write,
 * for 1 and 5 devices, and the per-socket handshake.
 */
package net.flydex.bench;

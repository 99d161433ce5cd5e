package net.flydex.bench;

/**
 * How long one helper took to come up, in milliseconds from process launch.
 *
 * @param healthMillis until {@code /v1/health} first answered at all
 * @param readyMillis until it reported {@code runtime.codex == "ready"}
 */
record StartupTimes(double healthMillis, double readyMillis) {}

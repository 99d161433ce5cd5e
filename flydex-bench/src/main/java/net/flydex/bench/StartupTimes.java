package net.flydex.bench;

/**
 * How long one helper took to come up, in milliseconds from process launch.
 *
 * @param healthMillis until {@code /v1/health} first answered at all
 * @param readyMillis until it reported {@code runtime.codex == "ready"}
 * @param healthCpuMillis the helper process's CPU (all threads) when {@code /v1/health} first answered
 */
record StartupTimes(double healthMillis, double readyMillis, double healthCpuMillis) {}

package net.flydex.bench;

/**
 * How long one helper took to come up, in milliseconds from process launch.
 *
 * @param healthMillis until {@code /v1/health} first answered at all (a helper still starting answers
 *     {@code 503 "starting"}; an older build only once started)
 * @param startedMillis until it first answered as a started helper ({@code 200}, with its state and machine)
 * @param codexReadyMillis until any answer, a starting one too, reported {@code runtime.codex == "ready"}:
 *     Codex ready behind the helper, whose own state may still be being read
 * @param readyMillis until a started helper's answer reported {@code runtime.codex == "ready"}
 * @param healthCpuMillis the helper process's CPU (all threads) when {@code /v1/health} first answered
 */
record StartupTimes(double healthMillis, double startedMillis, double codexReadyMillis, double readyMillis, double healthCpuMillis) {}

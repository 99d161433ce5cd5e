package net.flydex.bench;

import java.util.Map;

/**
 * One pairing ceremony, in milliseconds.
 *
 * @param steps each {@link CeremonyStep} as the browser and phone saw it
 * @param total from the claim request to seeing {@code codex_ready}
 * @param helperFinalizeWait from the server's history: the helper's first {@code awaiting_browser_finalize}
 *     report to its {@code codex_starting}, that is, until its next poll learned of the finalize
 * @param helperCodexReport from the server's history: {@code codex_starting} to {@code codex_ready}
 */
record CeremonyTimes(Map<CeremonyStep, Double> steps, double total, double helperFinalizeWait, double helperCodexReport) {

    CeremonyTimes {
        steps = Map.copyOf(steps);
    }

    double step(CeremonyStep step) {
        return steps.get(step);
    }
}

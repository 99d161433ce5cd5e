package net.flydex.bench;

import java.util.Map;

/**
 * One pairing ceremony, in milliseconds.
 *
 * @param steps each {@link CeremonyStep} as the browser and phone saw it
 * @param total from the claim request to seeing {@code codex_ready}
 * @param helper each {@link HelperPhase}, from the server's history
 */
record CeremonyTimes(Map<CeremonyStep, Double> steps, double total, Map<HelperPhase, Double> helper) {

    CeremonyTimes {
        steps = Map.copyOf(steps);
        helper = Map.copyOf(helper);
    }

    double step(CeremonyStep step) {
        return steps.get(step);
    }

    double phase(HelperPhase phase) {
        return helper.get(phase);
    }
}

package net.flydex.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.flydex.testkit.SharedCodex;

/**
 * Helper start to first healthy {@code /v1/health}, and idle memory, for each {@link JvmFlags}
 * configuration. Every start gets a fresh Codex home and state directory, as a first run would;
 * the configurations take turns, first one then the other leading, so drift does not favour one.
 */
final class StartupBench {
    /** Starts per configuration: enough for a median, few enough to rerun on every change. */
    static final int STARTS = 5;
    /** Idle time before reading RSS: start-up work is over and the helper sits as a person leaves it. */
    static final Duration IDLE = Duration.ofSeconds(3);
    static final List<JvmFlags> CONFIGURATIONS = List.of(JvmFlags.DEFAULT, JvmFlags.SMALL_HEAP);

    private StartupBench() {}

    static Map<JvmFlags, List<StartupSample>> run(SharedCodex codex, Path helperJar, Path work) {
        Map<JvmFlags, List<StartupSample>> samples = new LinkedHashMap<>();
        CONFIGURATIONS.forEach(jvm -> samples.put(jvm, new ArrayList<>()));
        try (var probe = new HealthProbe()) {
            for (int start = 0; start < STARTS; start++) {
                List<JvmFlags> order = start % 2 == 0 ? CONFIGURATIONS : CONFIGURATIONS.reversed();
                for (JvmFlags jvm : order) {
                    Path dir = work.resolve("helper-" + start + "-" + CONFIGURATIONS.indexOf(jvm));
                    samples.get(jvm).add(sample(codex, helperJar, jvm, dir, probe));
                }
            }
        }
        return samples;
    }

    private static StartupSample sample(SharedCodex codex, Path helperJar, JvmFlags jvm, Path dir, HealthProbe probe) {
        Path codexHome = codex.privateHome(dir.resolve("codex-home")).dir();
        try (var helper = HelperProcess.launch(helperJar, jvm, codex.install().binary(), codexHome, dir)) {
            StartupTimes times = helper.awaitReady(probe);
            Pause.of(IDLE);
            return new StartupSample(times, Rss.of(helper.pid()), Rss.of(helper.codexChild().pid()));
        }
    }
}

package net.flydex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One helper the cold-start bench starts: a row label, the jar, the JVM flags and what it adds to the
 * environment.
 *
 * @param key short and file-name safe, for the helper's work directory
 * @param env variables set for the helper's process (and so its Codex) on top of the bench's own
 */
record HelperSetup(String key, String label, Path jar, JvmFlags flags, Map<String, String> env) {
    /** In a baseline's root: {@code NAME=value} lines added to that helper's environment, to compare a setting only the environment makes (glibc's). */
    static final Path ENV_FILE = Path.of("helper.env");

    HelperSetup {
        env = Map.copyOf(env);
    }

    static HelperSetup of(HelperVariant variant) {
        return new HelperSetup(variant.name(), variant.label(), BenchSetup.HELPER_JAR.toAbsolutePath(), variant.flags(), Map.of());
    }

    /**
     * An earlier build to compare with in the same run: the repository at {@code root}, built with
     * {@code ./mvnw package} (its jar, the AOT cache trained for it, and its {@code jvm.options}), started
     * as the npm launcher starts it.
     */
    static HelperSetup baseline(Path root) {
        Path jar = root.resolve(BenchSetup.HELPER_JAR).toAbsolutePath();
        Path cache = root.resolve(HelperVariant.AOT_CACHE).toAbsolutePath();
        Path options = root.resolve(HelperVariant.JVM_OPTIONS);
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(cache) || !Files.isRegularFile(options)) {
            throw new IllegalArgumentException("--baseline " + root + " needs a packaged build: " + jar + ", " + cache + " and " + options);
        }
        List<String> flags = new ArrayList<>(HelperVariant.jvmOptions(options));
        flags.addAll(List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=auto"));
        Map<String, String> env = new java.util.TreeMap<>();
        Path envFile = root.resolve(ENV_FILE);
        if (Files.isRegularFile(envFile)) {
            try {
                for (String line : Files.readAllLines(envFile)) {
                    String entry = line.strip();
                    int equals = entry.indexOf('=');
                    if (entry.isEmpty() || entry.startsWith("#")) {
                        continue;
                    }
                    if (equals < 1) {
                        throw new IllegalArgumentException(envFile + ": not NAME=value: " + entry);
                    }
                    env.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        String label = "baseline build (its server and helper): npm flags + AOT cache" + (env.isEmpty() ? "" : " + " + String.join(" ", env.keySet()));
        return new HelperSetup("BASELINE", label, jar, new JvmFlags(flags), env);
    }
}

package net.flydex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One helper the cold-start bench starts: a row label, the jar and the JVM flags.
 *
 * @param key short and file-name safe, for the helper's work directory
 */
record HelperSetup(String key, String label, Path jar, JvmFlags flags) {

    static HelperSetup of(HelperVariant variant) {
        return new HelperSetup(variant.name(), variant.label(), BenchSetup.HELPER_JAR.toAbsolutePath(), variant.flags());
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
        return new HelperSetup("BASELINE", "baseline build: npm flags + AOT cache", jar, new JvmFlags(flags));
    }
}

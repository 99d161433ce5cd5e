package net.flydex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the cold-start bench starts a helper: the JVM flags of each way a person may run it. */
enum HelperVariant {
    /** The npm launcher with the bundled runtime: jvm.options and the runtime's AOT cache (here the build's, for this JDK). */
    NPM_CACHE("helper: npm flags + AOT cache"),
    /** The npm launcher with a system Java: jvm.options, no cache (the cache is made for the bundled runtime only). */
    NPM_NO_CACHE("helper: npm flags, no cache"),
    /** {@code java -jar flydex-helper.jar run} with no flags: what every helper ran before this bench. */
    JVM_DEFAULTS("helper: java -jar, JVM defaults");

    static final Path JVM_OPTIONS = Path.of("npm", "flydex", "jvm.options");
    /** Trained by the build (flydex-e2e, AotTraining) with jvm.options, for this jar and JDK. */
    static final Path AOT_CACHE = Path.of("flydex-helper", "target", "flydex-helper.aot");

    final String label;

    HelperVariant(String label) {
        this.label = label;
    }

    JvmFlags flags() {
        var flags = new ArrayList<String>();
        if (this != JVM_DEFAULTS) {
            flags.addAll(jvmOptions());
        }
        if (this == NPM_CACHE) {
            flags.addAll(List.of("-XX:AOTCache=" + AOT_CACHE, "-XX:AOTMode=auto"));
        }
        return new JvmFlags(flags);
    }

    /** The launcher's flags, read as it reads them: one a line, # comments. */
    static List<String> jvmOptions() {
        try {
            return Files.readAllLines(JVM_OPTIONS).stream().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("run the bench from the repository root: " + JVM_OPTIONS + " is missing", e);
        }
    }
}

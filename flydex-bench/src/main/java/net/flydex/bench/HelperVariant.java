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
    NPM_CACHE("npm-cache"),
    /**
     * The same with the other JIT choice: jvm.options with {@code -XX:TieredStopAtLevel=1} taken out if it is
     * there, put in if not, and an AOT cache trained with those flags ({@link OtherJitCache}).
     */
    NPM_OTHER_JIT_CACHE("npm-other-jit-cache"),
    /** The npm launcher with a system Java: jvm.options, no cache (the cache is made for the bundled runtime only). */
    NPM_NO_CACHE("npm-no-cache"),
    /** {@code java -jar flydex-helper.jar run} with no flags: what every helper ran before this bench. */
    JVM_DEFAULTS("jvm-defaults");

    static final Path JVM_OPTIONS = Path.of("npm", "flydex", "jvm.options");
    /** Trained by the build (flydex-e2e, AotTraining) with jvm.options, for this jar and JDK. */
    static final Path AOT_CACHE = Path.of("flydex-helper", "target", "flydex-helper.aot");
    /** The C1-only switch; its absence means the JVM's default tiered compilation (C1, then C2 for hot code). */
    static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private final String option;

    HelperVariant(String option) {
        this.option = option;
    }

    /** The name {@code --variants} takes. */
    String option() {
        return option;
    }

    /** The row label in the report; the JIT is named where the variants differ in it. */
    String label() {
        String jit = jvmOptions().contains(C1_ONLY) ? "C1 only" : "C1+C2";
        String otherJit = jvmOptions().contains(C1_ONLY) ? "C1+C2" : "C1 only";
        return switch (this) {
            case NPM_CACHE -> "helper: npm flags (" + jit + ") + AOT cache";
            case NPM_OTHER_JIT_CACHE -> "helper: npm flags but " + otherJit + " + AOT cache";
            case NPM_NO_CACHE -> "helper: npm flags, no cache";
            case JVM_DEFAULTS -> "helper: java -jar, JVM defaults";
        };
    }

    JvmFlags flags() {
        var flags = new ArrayList<String>();
        switch (this) {
            case NPM_CACHE -> {
                flags.addAll(jvmOptions());
                flags.addAll(cache(AOT_CACHE));
            }
            case NPM_OTHER_JIT_CACHE -> {
                flags.addAll(otherJitOptions());
                flags.addAll(cache(OtherJitCache.PATH));
            }
            case NPM_NO_CACHE -> flags.addAll(jvmOptions());
            case JVM_DEFAULTS -> { }
        }
        return new JvmFlags(flags);
    }

    private static List<String> cache(Path cache) {
        return List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=auto");
    }

    /** The launcher's flags, read as it reads them: one a line, # comments. */
    static List<String> jvmOptions() {
        return jvmOptions(JVM_OPTIONS);
    }

    static List<String> jvmOptions(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("run the bench from the repository root: " + file + " is missing", e);
        }
    }

    /** jvm.options with the JIT choice flipped. */
    static List<String> otherJitOptions() {
        List<String> options = jvmOptions();
        if (options.contains(C1_ONLY)) {
            return options.stream().filter(option -> !option.equals(C1_ONLY)).toList();
        }
        var flipped = new ArrayList<>(options);
        flipped.add(C1_ONLY);
        return flipped;
    }
}

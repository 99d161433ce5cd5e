package net.flydex.bench;

import java.util.List;

/** The JVM options a helper is started with: one configuration the start-up bench compares. */
record JvmFlags(List<String> flags) {
    /** What `java -jar` gives today. */
    static final JvmFlags DEFAULT = new JvmFlags(List.of());
    /** What the npm launcher may pass later to keep a background helper small. */
    static final JvmFlags SMALL_HEAP = new JvmFlags(List.of("-Xmx64m", "-XX:+UseSerialGC"));

    JvmFlags {
        flags = List.copyOf(flags);
    }

    String label() {
        return flags.isEmpty() ? "default JVM flags" : String.join(" ", flags);
    }
}

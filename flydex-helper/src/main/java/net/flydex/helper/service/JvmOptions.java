package net.flydex.helper.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The JVM flags a login service starts the helper with: the ones this helper's own JVM was given by
 * the npm launcher ({@code jvm.options}: heap, collector, compiler; and the bundled runtime's AOT
 * cache when it fits), so a helper started at login runs exactly as the one {@code npx flydex}
 * started. Only {@code -X} flags are kept; a path into the bundled runtime becomes the same path in
 * its installed copy, where the service's Java lives.
 */
public final class JvmOptions {
    private JvmOptions() {}

    /**
     * @param running this JVM's arguments (RuntimeMXBean's input arguments)
     * @param bundledRuntime the runtime home the launcher ran us from, if it was the bundled one
     * @param installedRuntime its copy in the app directory, which the service uses
     */
    public static List<String> forService(List<String> running, Optional<Path> bundledRuntime, Optional<Path> installedRuntime) {
        return running.stream().filter(option -> option.startsWith("-X"))
                .map(option -> bundledRuntime.isPresent() && installedRuntime.isPresent()
                        ? option.replace(bundledRuntime.get().toString(), installedRuntime.get().toString()) : option)
                .toList();
    }
}

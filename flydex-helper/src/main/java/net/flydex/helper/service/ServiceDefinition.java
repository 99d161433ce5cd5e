package net.flydex.helper.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a login service runs: {@code java <jvm options> -jar flydex-helper.jar run <arguments>}, from the app
 * directory, with the PATH the person had when they installed it (Codex is a Node script found on
 * it, and service managers start programs with a bare PATH).
 *
 * @param java the Java executable (the bundled runtime's copy, or the system Java that ran the install)
 * @param jvmOptions the flags the npm launcher starts the helper with ({@link JvmOptions#forService})
 * @param jar the installed helper jar
 * @param runArguments the arguments after {@code run}
 * @param environment variables the service sets (PATH)
 */
public record ServiceDefinition(Path java, List<String> jvmOptions, Path jar, List<String> runArguments, Path workingDir, Map<String, String> environment) {
    public ServiceDefinition {
        jvmOptions = List.copyOf(jvmOptions);
        runArguments = List.copyOf(runArguments);
        environment = Map.copyOf(environment);
    }

    /** The whole command line, program first. */
    public List<String> command() {
        var command = new ArrayList<String>(List.of(java.toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "run"));
        command.addAll(runArguments);
        return List.copyOf(command);
    }
}

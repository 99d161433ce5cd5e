package net.flydex.helper.service;

import java.io.IOException;
import java.util.Map;
import net.flydex.helper.platform.PlatformPaths;

/**
 * Registers the helper with the platform's login service manager: a systemd user unit on Linux, a
 * launchd agent on macOS, a scheduled task at logon on Windows. Each writes its definition file
 * first, then asks the manager to load and start it; when the manager is unavailable (no user
 * bus in a container, say) the file stays and the answer says why it is not registered.
 */
public sealed interface ServiceManager permits SystemdUserService, LaunchAgentService, ScheduledTaskService {

    /**
     * @param registered whether the manager now starts the helper at login (and started it now)
     * @param detail what happened, in words, for the person
     */
    record Outcome(boolean registered, String detail) {}

    /** @param installed whether the definition file exists; {@code managerSays} the manager's own words */
    record Status(boolean installed, boolean active, String managerSays) {}

    /** Writes the definition, registers it to start at login, and starts it. */
    Outcome install(ServiceDefinition definition) throws IOException;

    /** Stops it, unregisters it and deletes the definition. */
    Outcome uninstall() throws IOException;

    Status status();

    /** The definition file's text, as it would be installed (tests and {@code flydex service status}). */
    String render(ServiceDefinition definition);

    static ServiceManager forPlatform(PlatformPaths paths, CommandRunner runner, Map<String, String> env) {
        return switch (paths.os()) {
            case LINUX -> new SystemdUserService(paths.serviceFile(), runner);
            case MACOS -> new LaunchAgentService(paths.serviceFile(), runner);
            case WINDOWS -> new ScheduledTaskService(paths.serviceFile(), runner,
                    env.getOrDefault("USERDOMAIN", ".") + "\\" + env.getOrDefault("USERNAME", System.getProperty("user.name")));
        };
    }
}

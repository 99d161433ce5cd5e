package net.flydex.helper.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.flydex.helper.platform.PlatformPaths;

/** A systemd user unit, enabled for {@code default.target}: it starts at login and after a crash. */
public final class SystemdUserService implements ServiceManager {
    private static final String UNIT = PlatformPaths.SERVICE_NAME + ".service";

    private final Path unitFile;
    private final CommandRunner runner;

    SystemdUserService(Path unitFile, CommandRunner runner) {
        this.unitFile = unitFile;
        this.runner = runner;
    }

    @Override
    public Outcome install(ServiceDefinition definition) throws IOException {
        Files.createDirectories(unitFile.getParent());
        Files.writeString(unitFile, render(definition), StandardCharsets.UTF_8);
        // `enable` by path links a unit from outside the manager's own search path (a custom XDG_CONFIG_HOME).
        for (List<String> step : List.of(systemctl("daemon-reload"), systemctl("enable", unitFile.toString()),
                systemctl("restart", UNIT))) {
            CommandRunner.Result result = runner.run(step);
            if (!result.ok()) {
                return new Outcome(false, "wrote " + unitFile + ", but `" + String.join(" ", step) + "` failed: " + result.output());
            }
        }
        return new Outcome(true, "systemd user unit " + unitFile + " (enabled, starts at login)");
    }

    @Override
    public Outcome uninstall() throws IOException {
        CommandRunner.Result disabled = runner.run(systemctl("disable", "--now", UNIT));
        boolean existed = Files.deleteIfExists(unitFile);
        runner.run(systemctl("daemon-reload"));
        return new Outcome(disabled.ok() || existed, existed ? "removed " + unitFile : "no unit was installed at " + unitFile);
    }

    @Override
    public Status status() {
        CommandRunner.Result active = runner.run(systemctl("is-active", UNIT));
        return new Status(Files.exists(unitFile), active.ok(), "systemctl --user is-active " + UNIT + ": " + active.output());
    }

    @Override
    public String render(ServiceDefinition definition) {
        return SystemdUnit.render(definition);
    }

    private static List<String> systemctl(String... args) {
        var command = new java.util.ArrayList<>(List.of("systemctl", "--user"));
        command.addAll(List.of(args));
        return command;
    }
}

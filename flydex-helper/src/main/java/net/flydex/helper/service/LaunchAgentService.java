package net.flydex.helper.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.flydex.helper.platform.PlatformPaths;

/** A launchd agent in the user's GUI domain: loaded at login ({@code RunAtLoad}), restarted after a crash. */
public final class LaunchAgentService implements ServiceManager {
    private final Path plist;
    private final CommandRunner runner;

    LaunchAgentService(Path plist, CommandRunner runner) {
        this.plist = plist;
        this.runner = runner;
    }

    @Override
    public Outcome install(ServiceDefinition definition) throws IOException {
        Files.createDirectories(plist.getParent());
        Files.writeString(plist, render(definition), StandardCharsets.UTF_8);
        runner.run(List.of("launchctl", "bootout", service())); // An older definition, if loaded, goes first.
        CommandRunner.Result loaded = runner.run(List.of("launchctl", "bootstrap", domain(), plist.toString()));
        return loaded.ok() ? new Outcome(true, "launchd agent " + plist + " (loaded, starts at login)")
                : new Outcome(false, "wrote " + plist + ", but launchctl bootstrap failed: " + loaded.output());
    }

    @Override
    public Outcome uninstall() throws IOException {
        CommandRunner.Result unloaded = runner.run(List.of("launchctl", "bootout", service()));
        boolean existed = Files.deleteIfExists(plist);
        return new Outcome(unloaded.ok() || existed, existed ? "removed " + plist : "no agent was installed at " + plist);
    }

    @Override
    public Status status() {
        CommandRunner.Result printed = runner.run(List.of("launchctl", "print", service()));
        boolean running = printed.ok() && printed.output().contains("state = running");
        return new Status(Files.exists(plist), running, "launchctl print " + service() + ": "
                + (printed.ok() ? (running ? "running" : "loaded, not running") : printed.output()));
    }

    @Override
    public String render(ServiceDefinition definition) {
        return LaunchdPlist.render(definition);
    }

    private String domain() {
        return "gui/" + runner.run(List.of("id", "-u")).output();
    }

    private String service() {
        return domain() + "/" + PlatformPaths.LAUNCHD_LABEL;
    }
}

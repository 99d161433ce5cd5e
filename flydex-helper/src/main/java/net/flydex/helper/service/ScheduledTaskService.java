package net.flydex.helper.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.flydex.helper.platform.PlatformPaths;

/** A Task Scheduler task with a logon trigger for this user, created from {@link WindowsTask}'s XML. */
public final class ScheduledTaskService implements ServiceManager {
    private final Path xml;
    private final CommandRunner runner;
    private final String userId;

    ScheduledTaskService(Path xml, CommandRunner runner, String userId) {
        this.xml = xml;
        this.runner = runner;
        this.userId = userId;
    }

    @Override
    public Outcome install(ServiceDefinition definition) throws IOException {
        Files.createDirectories(xml.getParent());
        // schtasks reads the XML as the encoding its declaration names: UTF-16, with a byte-order mark.
        Files.writeString(xml, "\uFEFF" + render(definition), StandardCharsets.UTF_16LE);
        CommandRunner.Result created = runner.run(List.of("schtasks", "/Create", "/TN", PlatformPaths.WINDOWS_TASK,
                "/XML", xml.toString(), "/F"));
        if (!created.ok()) {
            return new Outcome(false, "wrote " + xml + ", but schtasks /Create failed: " + created.output());
        }
        runner.run(List.of("schtasks", "/Run", "/TN", PlatformPaths.WINDOWS_TASK));
        return new Outcome(true, "scheduled task \"" + PlatformPaths.WINDOWS_TASK + "\" (runs at logon)");
    }

    @Override
    public Outcome uninstall() throws IOException {
        runner.run(List.of("schtasks", "/End", "/TN", PlatformPaths.WINDOWS_TASK));
        CommandRunner.Result deleted = runner.run(List.of("schtasks", "/Delete", "/TN", PlatformPaths.WINDOWS_TASK, "/F"));
        Files.deleteIfExists(xml);
        return new Outcome(deleted.ok(), deleted.ok() ? "removed the scheduled task" : "no scheduled task: " + deleted.output());
    }

    @Override
    public Status status() {
        CommandRunner.Result query = runner.run(List.of("schtasks", "/Query", "/TN", PlatformPaths.WINDOWS_TASK, "/FO", "LIST"));
        return new Status(query.ok(), query.ok() && query.output().contains("Running"), "schtasks /Query: " + query.output());
    }

    @Override
    public String render(ServiceDefinition definition) {
        return WindowsTask.render(definition, userId);
    }
}

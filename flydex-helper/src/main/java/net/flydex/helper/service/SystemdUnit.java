package net.flydex.helper.service;

import java.util.List;
import java.util.stream.Collectors;

/** The systemd user unit ({@code ~/.config/systemd/user/flydex.service}) that starts the helper at login. */
public final class SystemdUnit {
    private SystemdUnit() {}

    public static String render(ServiceDefinition definition) {
        var environment = new StringBuilder();
        definition.environment().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e ->
                environment.append("Environment=").append(quote(e.getKey() + "=" + e.getValue())).append('\n'));
        return """
                [Unit]
                Description=FlyDex desktop helper
                Documentation=https://flydex.net
                After=network-online.target
                Wants=network-online.target

                [Service]
                Type=simple
                WorkingDirectory=%s
                %sExecStart=%s
                # A crash restarts it; `flydex stop` (exit 0) and "port taken" (exit 3) do not.
                Restart=on-failure
                RestartSec=5
                RestartPreventExitStatus=3

                [Install]
                WantedBy=default.target
                """.formatted(quote(definition.workingDir().toString()), environment, words(definition.command()));
    }

    static String words(List<String> command) {
        return command.stream().map(SystemdUnit::quote).collect(Collectors.joining(" "));
    }

    /** One word as systemd reads it: double-quoted, with \, ", % and $ escaped so nothing is expanded. */
    static String quote(String word) {
        return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%").replace("$", "$$") + "\"";
    }
}

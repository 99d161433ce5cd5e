package net.flydex.helper.service;

import java.util.Map;
import net.flydex.helper.platform.PlatformPaths;

/** The launchd agent ({@code ~/Library/LaunchAgents/net.flydex.helper.plist}) that starts the helper at login. */
public final class LaunchdPlist {
    private LaunchdPlist() {}

    public static String render(ServiceDefinition definition) {
        var arguments = new StringBuilder();
        definition.command().forEach(word -> arguments.append("    <string>").append(Xml.escape(word)).append("</string>\n"));
        var environment = new StringBuilder();
        definition.environment().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> environment
                .append("    <key>").append(Xml.escape(e.getKey())).append("</key>\n")
                .append("    <string>").append(Xml.escape(e.getValue())).append("</string>\n"));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>Label</key>
                  <string>%s</string>
                  <key>ProgramArguments</key>
                  <array>
                %s  </array>
                  <key>EnvironmentVariables</key>
                  <dict>
                %s  </dict>
                  <key>WorkingDirectory</key>
                  <string>%s</string>
                  <key>RunAtLoad</key>
                  <true/>
                  <!-- Restarted after a crash, not after `flydex stop` (a clean exit). -->
                  <key>KeepAlive</key>
                  <dict>
                    <key>SuccessfulExit</key>
                    <false/>
                  </dict>
                  <key>ProcessType</key>
                  <string>Background</string>
                </dict>
                </plist>
                """.formatted(PlatformPaths.LAUNCHD_LABEL, arguments, environment, Xml.escape(definition.workingDir().toString()));
    }
}

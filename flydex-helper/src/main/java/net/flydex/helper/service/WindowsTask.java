package net.flydex.helper.service;

import java.util.List;
import java.util.stream.Collectors;
import net.flydex.helper.platform.PlatformPaths;

/**
 * The Task Scheduler task ({@code schtasks /Create /XML}) that starts the helper when the user logs
 * on: their own token, least privilege, hidden, no time limit, one instance.
 */
public final class WindowsTask {
    private WindowsTask() {}

    /** @param userId {@code DOMAIN\\user}, whose logon starts the task and who it runs as */
    public static String render(ServiceDefinition definition, String userId) {
        List<String> command = definition.command();
        String arguments = command.subList(1, command.size()).stream().map(WindowsTask::quote).collect(Collectors.joining(" "));
        return """
                <?xml version="1.0" encoding="UTF-16"?>
                <Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
                  <RegistrationInfo>
                    <Description>FlyDex desktop helper</Description>
                    <URI>\\%s</URI>
                  </RegistrationInfo>
                  <Triggers>
                    <LogonTrigger>
                      <Enabled>true</Enabled>
                      <UserId>%s</UserId>
                    </LogonTrigger>
                  </Triggers>
                  <Principals>
                    <Principal id="Author">
                      <UserId>%s</UserId>
                      <LogonType>InteractiveToken</LogonType>
                      <RunLevel>LeastPrivilege</RunLevel>
                    </Principal>
                  </Principals>
                  <Settings>
                    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
                    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
                    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
                    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
                    <RestartOnFailure>
                      <Interval>PT1M</Interval>
                      <Count>3</Count>
                    </RestartOnFailure>
                    <Hidden>true</Hidden>
                    <Enabled>true</Enabled>
                  </Settings>
                  <Actions Context="Author">
                    <Exec>
                      <Command>%s</Command>
                      <Arguments>%s</Arguments>
                      <WorkingDirectory>%s</WorkingDirectory>
                    </Exec>
                  </Actions>
                </Task>
                """.formatted(Xml.escape(PlatformPaths.WINDOWS_TASK), Xml.escape(userId), Xml.escape(userId),
                Xml.escape(command.getFirst()), Xml.escape(arguments), Xml.escape(definition.workingDir().toString()));
    }

    /**
     * One argument as the Microsoft C runtime splits a command line: quoted when it has a space, tab
     * or quote; backslashes doubled where they precede a quote (including the closing one), so
     * {@code C:\dir\} stays {@code C:\dir\}.
     */
    static String quote(String argument) {
        if (!argument.isEmpty() && argument.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"')) {
            return argument;
        }
        var quoted = new StringBuilder("\"");
        int backslashes = 0;
        for (char c : argument.toCharArray()) {
            if (c == '\\') {
                backslashes++;
                continue;
            }
            quoted.append("\\".repeat(c == '"' ? backslashes * 2 + 1 : backslashes)).append(c);
            backslashes = 0;
        }
        return quoted.append("\\".repeat(backslashes * 2)).append('"').toString();
    }
}

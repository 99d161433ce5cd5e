package net.flydex.helper.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import net.flydex.helper.platform.Os;
import net.flydex.helper.platform.PlatformPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The systemd unit, launchd plist and Windows task XML: what they run, and how they survive odd paths. */
class ServiceDefinitionsTest {
    /** A path with a space, a quote, a percent and a dollar: each of the three formats must keep it intact. */
    private static final ServiceDefinition ODD = new ServiceDefinition(Path.of("/opt/My Java/bin/java"),
            List.of("-XX:+UseSerialGC", "-XX:AOTCache=/opt/My Java/flydex/helper.aot"), Path.of("/home/ada/.local/share/flydex/flydex-helper.jar"),
            List.of("--port", "48163", "--state-dir", "/home/ada/state 100% \"$HOME\"", "--server", "https://flydex.net"),
            Path.of("/home/ada/.local/share/flydex"), Map.of("PATH", "/usr/local/bin:/usr/bin"));

    @TempDir
    Path dir;

    @Test
    void theSystemdUnitRunsTheJarQuotedAndRestartsOnlyAfterACrash() {
        String unit = SystemdUnit.render(ODD);

        assertThat(unit).contains("ExecStart=\"/opt/My Java/bin/java\" \"-XX:+UseSerialGC\" \"-XX:AOTCache=/opt/My Java/flydex/helper.aot\" \"-jar\" \"/home/ada/.local/share/flydex/flydex-helper.jar\" "
                + "\"run\" \"--port\" \"48163\" \"--state-dir\" \"/home/ada/state 100%% \\\"$$HOME\\\"\" \"--server\" \"https://flydex.net\"");
        assertThat(unit).contains("Environment=\"PATH=/usr/local/bin:/usr/bin\"");
        assertThat(unit).contains("Restart=on-failure", "RestartPreventExitStatus=3", "WantedBy=default.target", "Type=simple");
        assertThat(unit).contains("WorkingDirectory=\"/home/ada/.local/share/flydex\"");
        assertThat(unit.lines().filter(l -> l.startsWith("[")).toList()).containsExactly("[Unit]", "[Service]", "[Install]");
    }

    @Test
    void theLaunchdPlistIsValidXmlWithTheExactArguments() throws Exception {
        Document plist = parse(LaunchdPlist.render(ODD));
        var xpath = XPathFactory.newInstance().newXPath();

        assertThat(xpath.evaluate("/plist/dict/key[.='Label']/following-sibling::string[1]", plist)).isEqualTo("net.flydex.helper");
        var args = xpath.evaluate("count(/plist/dict/key[.='ProgramArguments']/following-sibling::array[1]/string)", plist);
        assertThat(Double.parseDouble(args)).isEqualTo(ODD.command().size());
        List<String> words = new ArrayList<>();
        for (int i = 1; i <= ODD.command().size(); i++) {
            words.add(xpath.evaluate("/plist/dict/key[.='ProgramArguments']/following-sibling::array[1]/string[" + i + "]", plist));
        }
        assertThat(words).isEqualTo(ODD.command());
        assertThat(xpath.evaluate("name(/plist/dict/key[.='RunAtLoad']/following-sibling::*[1])", plist)).isEqualTo("true");
        assertThat(xpath.evaluate("name(/plist/dict/key[.='KeepAlive']/following-sibling::dict[1]/key[.='SuccessfulExit']"
                + "/following-sibling::*[1])", plist)).isEqualTo("false");
        assertThat(xpath.evaluate("/plist/dict/key[.='EnvironmentVariables']/following-sibling::dict[1]/string", plist))
                .isEqualTo("/usr/local/bin:/usr/bin");
    }

    @Test
    void theWindowsTaskStartsAtThisUsersLogonWithQuotedArguments() throws Exception {
        var windows = new ServiceDefinition(Path.of("C:\\Users\\Ada Lovelace\\AppData\\Local\\FlyDex\\app\\runtime-1\\bin\\javaw.exe"),
                List.of("-Xmx64m", "-XX:AOTCache=C:\\Users\\Ada Lovelace\\AppData\\Local\\FlyDex\\app\\runtime-1\\flydex\\helper.aot"),
                Path.of("C:\\Users\\Ada Lovelace\\AppData\\Local\\FlyDex\\app\\flydex-helper.jar"),
                List.of("--port", "48163", "--state-dir", "C:\\Users\\Ada Lovelace\\AppData\\Local\\FlyDex"),
                Path.of("C:\\Users\\Ada Lovelace\\AppData\\Local\\FlyDex\\app"), Map.of());
        String xml = WindowsTask.render(windows, "DESK\\ada");
        Document task = parse(xml.replace("encoding=\"UTF-16\"", "encoding=\"UTF-8\""));
        var xpath = XPathFactory.newInstance().newXPath();

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-16\"?>");
        assertThat(xpath.evaluate("/*[local-name()='Task']/*[local-name()='Triggers']/*[local-name()='LogonTrigger']"
                + "/*[local-name()='UserId']", task)).isEqualTo("DESK\\ada");
        assertThat(xpath.evaluate("//*[local-name()='Exec']/*[local-name()='Command']", task)).isEqualTo(windows.java().toString());
        assertThat(xpath.evaluate("//*[local-name()='Exec']/*[local-name()='Arguments']", task)).isEqualTo(
                "-Xmx64m \"-XX:AOTCache=C:\\Users\\Ada Lovelace\\AppData\\Local\\FlyDex\\app\\runtime-1\\flydex\\helper.aot\" "
                        + "-jar \"C:\\Users\\Ada Lovelace\\AppData\\Local\\FlyDex\\app\\flydex-helper.jar\" run --port 48163 "
                        + "--state-dir \"C:\\Users\\Ada Lovelace\\AppData\\Local\\FlyDex\"");
        assertThat(xpath.evaluate("//*[local-name()='LogonType']", task)).isEqualTo("InteractiveToken");
        assertThat(xpath.evaluate("//*[local-name()='RunLevel']", task)).isEqualTo("LeastPrivilege");
        assertThat(xpath.evaluate("//*[local-name()='ExecutionTimeLimit']", task)).isEqualTo("PT0S");
        assertThat(xpath.evaluate("//*[local-name()='MultipleInstancesPolicy']", task)).isEqualTo("IgnoreNew");
    }

    @Test
    void windowsArgumentsSurviveTheCRuntimesSplitting() {
        assertThat(WindowsTask.quote("plain")).isEqualTo("plain");
        assertThat(WindowsTask.quote("")).isEqualTo("\"\"");
        assertThat(WindowsTask.quote("C:\\My Dir\\")).isEqualTo("\"C:\\My Dir\\\\\"");
        assertThat(WindowsTask.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(WindowsTask.quote("a\\\"b c")).isEqualTo("\"a\\\\\\\"b c\"");
    }

    @Test
    void systemdInstallWritesTheUnitEnablesItByPathAndRestartsIt() throws Exception {
        var calls = new ArrayList<List<String>>();
        PlatformPaths paths = PlatformPaths.of(Os.LINUX, Map.of(), dir);
        ServiceManager manager = ServiceManager.forPlatform(paths, command -> {
            calls.add(command);
            return new CommandRunner.Result(0, "");
        }, Map.of());

        ServiceManager.Outcome outcome = manager.install(ODD);

        assertThat(outcome.registered()).isTrue();
        assertThat(Files.readString(paths.serviceFile())).isEqualTo(SystemdUnit.render(ODD));
        assertThat(calls).containsExactly(List.of("systemctl", "--user", "daemon-reload"),
                List.of("systemctl", "--user", "enable", paths.serviceFile().toString()),
                List.of("systemctl", "--user", "restart", "flydex.service"));
    }

    @Test
    void withoutAUserBusTheUnitIsWrittenAndTheAnswerSaysWhy() throws Exception {
        PlatformPaths paths = PlatformPaths.of(Os.LINUX, Map.of(), dir);
        ServiceManager manager = ServiceManager.forPlatform(paths,
                command -> new CommandRunner.Result(1, "Failed to connect to bus: No medium found"), Map.of());

        ServiceManager.Outcome outcome = manager.install(ODD);

        assertThat(outcome.registered()).isFalse();
        assertThat(outcome.detail()).contains("Failed to connect to bus");
        assertThat(paths.serviceFile()).exists();
        assertThat(manager.uninstall().detail()).contains("removed");
        assertThat(paths.serviceFile()).doesNotExist();
    }

    @Test
    void theWindowsTaskXmlIsWrittenAsUtf16WithAByteOrderMark() throws Exception {
        PlatformPaths paths = PlatformPaths.of(Os.WINDOWS, Map.of("LOCALAPPDATA", dir.toString()), dir);
        var calls = new ArrayList<List<String>>();
        ServiceManager manager = ServiceManager.forPlatform(paths, command -> {
            calls.add(command);
            return new CommandRunner.Result(0, "");
        }, Map.of("USERDOMAIN", "DESK", "USERNAME", "ada"));

        manager.install(ODD);

        byte[] bytes = Files.readAllBytes(paths.serviceFile());
        assertThat(bytes[0]).isEqualTo((byte) 0xFF);
        assertThat(bytes[1]).isEqualTo((byte) 0xFE);
        assertThat(new String(bytes, StandardCharsets.UTF_16LE)).contains("<UserId>DESK\\ada</UserId>");
        assertThat(calls.getFirst()).containsExactly("schtasks", "/Create", "/TN", "FlyDex Helper", "/XML",
                paths.serviceFile().toString(), "/F");
    }

    private static Document parse(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}

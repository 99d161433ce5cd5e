package net.flydex.helper.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** How this desktop describes itself to a person: a name and a platform like {@code linux-x64}. */
public record MachineInfo(String name, String platform) {

    public static MachineInfo detect() {
        return new MachineInfo(hostName(), detectPlatform());
    }

    private static String hostName() {
        String env = System.getenv(System.getProperty("os.name").startsWith("Windows") ? "COMPUTERNAME" : "HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "desktop";
        }
    }

    private static String detectPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String name = os.contains("mac") ? "macos" : os.contains("win") ? "windows" : os.contains("linux") ? "linux" : os;
        String arch = System.getProperty("os.arch");
        return name + "-" + (arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "arm64" : arch);
    }
}

package net.flydex.helper.uplink;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The control plane's address. Plain http/ws is allowed only to a loopback server (development
 * and tests); anything else must be https, with the JDK's certificate validation (T5).
 */
public final class ServerUrls {
    private ServerUrls() {}

    public static URI checked(URI server) {
        String scheme = server.getScheme();
        if (server.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
            throw new IllegalArgumentException("the server must be an https:// URL");
        }
        if ("http".equals(scheme) && !isLoopback(server.getHost())) {
            throw new IllegalArgumentException("plain http is only allowed to a server on this machine; use https://");
        }
        return server;
    }

    /** {@code wss://host/ws/agent} (or ws:// for a loopback server). */
    public static URI agentSocket(URI server) {
        String ws = "https".equals(server.getScheme()) ? "wss" : "ws";
        return URI.create(ws + "://" + server.getRawAuthority() + "/ws/agent");
    }

    public static String origin(URI server) {
        return server.getScheme() + "://" + server.getHost() + (server.getPort() == -1 ? "" : ":" + server.getPort());
    }

    private static boolean isLoopback(String host) {
        try {
            return host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

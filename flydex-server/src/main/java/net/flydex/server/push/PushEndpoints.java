package net.flydex.server.push;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs the server will POST a push to. An endpoint comes from a browser, so it is attacker
 * input: only {@code https} URLs of the known push services pass by default, matched by exact
 * host or a dot-anchored suffix on the default port, never an IP literal. An operator may trust
 * further URL prefixes ({@code --push-allow-endpoint}); tests trust their loopback fake that way.
 * Redirects are never followed ({@link PushSender}), so a trusted host cannot forward elsewhere.
 */
public final class PushEndpoints {
    /** Real endpoints run to a few hundred characters (FCM about 190, Apple about 250). */
    public static final int MAX_ENDPOINT_LENGTH = 1024;

    /** Google FCM (Chrome, Edge on Android), Mozilla autopush, Apple (Safari), Microsoft WNS (Edge on Windows). */
    private static final List<String> EXACT_HOSTS = List.of("fcm.googleapis.com", "updates.push.services.mozilla.com");
    private static final List<String> HOST_SUFFIXES = List.of(".push.apple.com", ".notify.windows.com");

    private final List<String> trustedPrefixes;

    private PushEndpoints(List<String> trustedPrefixes) {
        this.trustedPrefixes = List.copyOf(trustedPrefixes);
    }

    /** The known push services only. */
    public static PushEndpoints knownServices() {
        return new PushEndpoints(List.of());
    }

    /**
     * The known services and these operator-trusted prefixes. Each must be an absolute http(s) URL
     * with a path, so {@code http://127.0.0.1:80} cannot also admit {@code http://127.0.0.1:8080}.
     */
    public static PushEndpoints trusting(List<String> prefixes) {
        for (String prefix : prefixes) {
            URI uri = parse(prefix).orElseThrow(() -> new IllegalArgumentException("not a URL: " + prefix));
            boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            if (!web || uri.getHost() == null || uri.getRawPath() == null || !uri.getRawPath().startsWith("/")
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("a prefix is an http(s) URL ending in a path, such as https://push.example.com/, not " + prefix);
            }
        }
        return new PushEndpoints(prefixes);
    }

    /** The endpoint as a URI if the server may POST to it. */
    public Optional<URI> check(String endpoint) {
        if (endpoint.length() > MAX_ENDPOINT_LENGTH) {
            return Optional.empty();
        }
        return parse(endpoint).filter(uri -> uri.getRawUserInfo() == null && uri.getRawFragment() == null && uri.getHost() != null)
                .filter(uri -> knownService(uri) || trustedPrefixes.stream().anyMatch(endpoint::startsWith));
    }

    private static boolean knownService(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        boolean defaultPort = uri.getPort() == -1 || uri.getPort() == 443;
        return "https".equals(uri.getScheme()) && defaultPort
                && (EXACT_HOSTS.contains(host) || HOST_SUFFIXES.stream().anyMatch(suffix -> host.endsWith(suffix) && host.length() > suffix.length()));
    }

    private static Optional<URI> parse(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && !uri.isOpaque() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}

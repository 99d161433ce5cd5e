package net.flydex.helper.localapi;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Serves only requests addressed to this helper by a loopback name. A DNS-rebinding page reaches
 * 127.0.0.1 under its own host name, and its browser then sends that name in {@code Host}.
 */
final class HostGuard {
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost");

    private final String port;

    HostGuard(int port) {
        this.port = Integer.toString(port);
    }

    /** @param hostHeaders every {@code Host} value the request carried; exactly one is required */
    boolean allows(List<String> hostHeaders) {
        if (hostHeaders.size() != 1) {
            return false;
        }
        String host = hostHeaders.getFirst().strip();
        int colon = host.lastIndexOf(':');
        return colon > 0
                && LOOPBACK_NAMES.contains(host.substring(0, colon).toLowerCase(Locale.ROOT))
                && host.substring(colon + 1).equals(port);
    }
}

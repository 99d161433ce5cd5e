package net.flydex.helper.localapi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * What the web page hands the helper on {@code POST /v1/connect}: the control plane to register
 * with and the one-time local-connect session it started there.
 *
 * @param server the control plane's base URL, http or https
 * @param localConnectId the local-connect session the page started
 * @param connectToken the session's one-time secret; never logged, see {@link #toString()}
 */
public record ConnectRequest(String server, String localConnectId, String connectToken) {

    private static final Set<String> WEB_SCHEMES = Set.of("http", "https");

    /** @throws IllegalArgumentException with a message fit to show the caller */
    public ConnectRequest {
        requireText("server", server);
        requireText("localConnectId", localConnectId);
        requireText("connectToken", connectToken);
        if (!isWebUrl(server)) {
            throw new IllegalArgumentException("server must be an http or https URL");
        }
    }

    /** Masks the token, so logging a request can never leak the secret that claims a machine. */
    @Override
    public String toString() {
        return "ConnectRequest[server=" + server + ", localConnectId=" + localConnectId + ", connectToken=***]";
    }

    private static void requireText(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    private static boolean isWebUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.getScheme() != null
                    && WEB_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

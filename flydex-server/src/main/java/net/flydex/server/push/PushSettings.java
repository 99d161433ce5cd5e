package net.flydex.server.push;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What {@code serve} was told about Web Push.
 *
 * @param trustedEndpointPrefixes URL prefixes an operator trusts besides the known push services ({@code --push-allow-endpoint})
 * @param contact the VAPID {@code sub} claim, a {@code mailto:} or {@code https:} URI a push service can reach the operator at
 *     ({@code --push-contact}); empty means {@link #defaultContact}
 */
public record PushSettings(List<String> trustedEndpointPrefixes, Optional<String> contact) {
    public static final PushSettings DEFAULTS = new PushSettings(List.of(), Optional.empty());

    public PushSettings {
        trustedEndpointPrefixes = List.copyOf(trustedEndpointPrefixes);
    }

    /** The contact to sign with: the one given, else the public origin when https, else {@code mailto:push@<host>}. */
    public String contactFor(URI publicUrl) {
        return contact.orElseGet(() -> defaultContact(publicUrl));
    }

    static String defaultContact(URI publicUrl) {
        if ("https".equals(publicUrl.getScheme())) {
            return "https://" + publicUrl.getRawAuthority();
        }
        return "mailto:push@" + publicUrl.getHost();
    }
}

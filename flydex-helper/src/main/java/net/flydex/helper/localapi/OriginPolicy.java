package net.flydex.helper.localapi;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The web origins allowed to call the local API. Matching is exact string equality: any
 * suffix, prefix or pattern match lets a look-alike domain ({@code https://app.flydex.net.evil.com})
 * through.
 */
final class OriginPolicy {
    private final Set<String> allowed;

    /** @throws IllegalArgumentException for a blank origin, {@code *} or {@code null}, which would allow any page */
    OriginPolicy(Set<String> allowedOrigins) {
        allowedOrigins.forEach(OriginPolicy::requireConcrete);
        this.allowed = allowedOrigins.stream().map(OriginPolicy::withoutTrailingSlash).collect(Collectors.toUnmodifiableSet());
    }

    /** @param originHeaders every {@code Origin} value the request carried */
    OriginDecision decide(List<String> originHeaders) {
        if (originHeaders.isEmpty()) {
            return new OriginDecision.Absent();
        }
        if (originHeaders.size() > 1) {
            return new OriginDecision.Refused();
        }
        String origin = withoutTrailingSlash(originHeaders.getFirst());
        return allowed.contains(origin) ? new OriginDecision.Allowed(origin) : new OriginDecision.Refused();
    }

    private static void requireConcrete(String origin) {
        if (origin.isBlank() || origin.equals("*") || origin.equals("null")) {
            throw new IllegalArgumentException("allowed origin must be a concrete origin, was '" + origin + "'");
        }
    }

    private static String withoutTrailingSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}

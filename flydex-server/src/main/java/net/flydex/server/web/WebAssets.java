package net.flydex.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The app's files on the classpath under {@code /web}. Only plain names of known types are looked
 * up (no {@code ..}, no dot files), so a request path can never reach another resource.
 */
final class WebAssets {
    /**
     * Lower-case names in folders, dot-separated parts none of them empty (so never {@code ..}):
     * everything the app ships, its vendored libraries' {@code .min.js} included, nothing else.
     */
    private static final Pattern SAFE_PATH = Pattern.compile("(?:[a-z0-9_-]+/)*[a-z0-9_-]+(?:\\.[a-z0-9]+)*\\.[a-z]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "webmanifest", "application/manifest+json");

    private final Map<String, Optional<WebAsset>> cache = new ConcurrentHashMap<>();

    Optional<WebAsset> find(String path) {
        if (!SAFE_PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(path, p -> load(p, type));
    }

    private static Optional<WebAsset> load(String path, String type) {
        try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new WebAsset(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web asset " + path, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

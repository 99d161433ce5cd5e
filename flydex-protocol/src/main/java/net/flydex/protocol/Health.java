package net.flydex.protocol;

import java.util.Optional;

/**
 * The answer of the helper's {@code GET /v1/health}. It carries no account data, tokens or keys -
 * any web page may be able to read it - only what the landing page needs to guide a person.
 */
public record Health(String status, String version, Helper helper, Bridge bridge, Runtime runtime, Machine machine) {

    /** {@code state}: {@code running}, or {@code revoked} once the server refused the machine. */
    public record Helper(String state) {}

    public record Bridge(BridgeState state) {}

    /**
     * @param codexVersion the version the running app-server reports, once known
     * @param codexMode {@code attach} (the shared daemon) or {@code private}, while connected
     * @param message why Codex is missing or failing, in words for a person
     */
    public record Runtime(CodexStatus codex, Optional<String> codexVersion, Optional<String> codexMode, Optional<String> message) {}

    /** @param keyFingerprint SHA-256 of the public key, shown so the browser can match it */
    public record Machine(boolean paired, String name, String platform, Optional<String> keyFingerprint) {}
}

package net.flydex.helper.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.flydex.helper.state.PrivateFiles;
import net.flydex.protocol.WireJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each thread's approval policy and sandbox as Codex reported them on {@code thread/start} or
 * {@code thread/resume}. A private app-server's {@code thread/resume} restores the approval
 * policy from the rollout but not the sandbox (it falls back to config defaults: read-only), so
 * the helper re-sends both. Kept in a file (0600) so a thread still resumes with its own sandbox
 * after the helper, not only Codex, restarted.
 *
 * <p>File: {@code {"version":1,"threads":{"<threadId>":{"approvalPolicy","sandbox"}}}}, at most
 * {@link #KEPT} threads, the least recently used dropped first. A missing or unreadable file
 * means nothing is known: such a thread resumes with Codex's defaults, which are read-only.
 */
final class ThreadSettings {
    private static final Logger log = LoggerFactory.getLogger(ThreadSettings.class);
    static final int KEPT = 500;
    private static final Set<String> SANDBOXES = Set.of("workspace-write", "read-only");

    private final Optional<Path> file;
    private final LinkedHashMap<String, ObjectNode> byThread = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
            return size() > KEPT;
        }
    };

    /** @param file where to keep them across restarts; empty keeps them in memory only */
    ThreadSettings(Optional<Path> file) {
        this.file = file;
    }

    /** Reads the file, if any; a damaged one is ignored (and replaced on the next save). */
    synchronized void load() {
        if (file.isEmpty() || !Files.exists(file.get())) {
            return;
        }
        try {
            JsonNode saved = WireJson.mapper().readTree(Files.readString(file.get()));
            saved.path("threads").properties().forEach(e -> kept(e.getValue()).ifPresent(s -> byThread.put(e.getKey(), s)));
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring unreadable thread settings file {}: {}", file.get(), e.getClass().getSimpleName());
        }
    }

    /** Remembers what a thread/start or thread/resume answer reports; true if that changed anything. */
    synchronized boolean remember(String threadId, JsonNode result) {
        ObjectNode reported = WireJson.mapper().createObjectNode();
        if (ParamPolicy.SAFE_APPROVAL_POLICIES.contains(result.path("approvalPolicy").asString(""))) {
            reported.set("approvalPolicy", result.get("approvalPolicy"));
        }
        sandboxMode(result.path("sandbox").path("type").asString("")).ifPresent(mode -> reported.put("sandbox", mode));
        if (reported.isEmpty() || reported.equals(byThread.get(threadId))) {
            return false;
        }
        byThread.put(threadId, reported);
        return true;
    }

    /** Adds the remembered settings the caller did not set itself. */
    synchronized ObjectNode addTo(String threadId, ObjectNode params) {
        ObjectNode known = byThread.get(threadId);
        if (known != null) {
            known.properties().forEach(e -> {
                if (!params.has(e.getKey())) {
                    params.set(e.getKey(), e.getValue());
                }
            });
        }
        return params;
    }

    /** Writes the file atomically; a failure is logged, not thrown: the settings stay in memory. */
    void save() {
        if (file.isEmpty()) {
            return;
        }
        ObjectNode root = WireJson.mapper().createObjectNode().put("version", 1);
        synchronized (this) {
            ObjectNode threads = root.putObject("threads");
            byThread.forEach((id, s) -> threads.set(id, s.deepCopy()));
        }
        try {
            PrivateFiles.ensureDir(file.get().getParent());
            PrivateFiles.write(file.get(), WireJson.mapper().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("could not save thread settings to {}: {}", file.get(), e.getMessage());
        }
    }

    /**
     * Only values FlyDex would pass itself come back from the file: these are added after
     * {@link ParamPolicy} ran, so an edited file must not switch approvals off.
     */
    private static Optional<ObjectNode> kept(JsonNode saved) {
        ObjectNode kept = WireJson.mapper().createObjectNode();
        String policy = saved.path("approvalPolicy").asString("");
        if (ParamPolicy.SAFE_APPROVAL_POLICIES.contains(policy)) {
            kept.put("approvalPolicy", policy);
        }
        String sandbox = saved.path("sandbox").asString("");
        if (SANDBOXES.contains(sandbox)) {
            kept.put("sandbox", sandbox);
        }
        return kept.isEmpty() ? Optional.empty() : Optional.of(kept);
    }

    // thread/start answers a SandboxPolicy object; thread/resume takes the kebab-case mode.
    private static Optional<String> sandboxMode(String policyType) {
        return switch (policyType) {
            case "workspaceWrite" -> Optional.of("workspace-write");
            case "readOnly" -> Optional.of("read-only");
            default -> Optional.empty();
        };
    }
}

package net.flydex.helper.cli;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import net.flydex.protocol.WireJson;
import org.slf4j.LoggerFactory;

/**
 * The one-time initializations a helper's start waits for, begun on their own threads so they run
 * on the other core while the main thread does its part. Platform threads, not virtual: a virtual
 * thread keeps its carrier until it blocks, and these compute for tens of milliseconds - on virtual
 * threads they held both carriers and the bridge's thread waited for them. Measured with an AOT
 * cache (docs/benchmarks.md): the logger's set-up took 50-75 ms of the main thread, Jackson's mapper
 * and first parse 60-100 ms, the Ed25519 key factory and the secure random 30-50 ms, one after
 * another before the first {@code /v1/health}. Each runs again where it is needed: a warm-up that
 * failed costs nothing but the time.
 */
final class StartupWarmup {
    private StartupWarmup() {}

    /**
     * From the first line of {@code run}: the classes on the way to Codex's spawn take their loggers
     * while slf4j sets itself up here (they get stand-ins until it is done), instead of the main
     * thread setting it up before the spawn.
     */
    static void beginLogging() {
        // SLF4J finds the provider (HelperLogging, named by main) by reflection on first use; cheap since the
        // provider formats its own times, but still off the main thread's way to the spawn.
        warm("warm-logging", LoggerFactory::getILoggerFactory);
    }

    /**
     * Once Codex has answered (or the helper stopped waiting for it): begun earlier, these took the
     * CPU the lock, the port, the spawn and then Codex's own start needed (on a busy machine the
     * spawn came twice as late), and nothing on the way to Codex's answer uses them.
     */
    static void beginJsonAndKeys() {
        // Jackson's mapper, for the state, Codex's notifications and the link (the full /v1/health is written by hand).
        warm("warm-json", WireJson::mapper);
        // The security providers, for the machine key (HelperState); the stop secret's secure random is made
        // for real on a thread of its own (HelperApp.begin).
        warm("warm-keys", () -> {
            try {
                KeyFactory.getInstance("Ed25519");
            } catch (GeneralSecurityException unavailable) {
                // The state's own use reports it, with the context a person needs.
            }
        });
    }

    private static void warm(String name, Runnable work) {
        Thread.ofPlatform().name(name).daemon().start(work);
    }
}

package net.flydex.helper.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import net.flydex.helper.HelperVersion;
import net.flydex.helper.bridge.BridgeEvent;
import net.flydex.helper.bridge.CodexBridge;
import net.flydex.helper.codex.CodexMode;
import net.flydex.helper.localapi.ConnectHandler;
import net.flydex.helper.localapi.LocalApiServer;
import net.flydex.protocol.BridgeState;
import net.flydex.protocol.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running helper: the Codex bridge plus the local API that reports on it. */
public final class HelperApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HelperApp.class);

    private final HelperConfig config;
    private final MachineInfo machine;
    private final CodexBridge bridge;
    private final LocalApiServer localApi;

    public HelperApp(HelperConfig config, MachineInfo machine) {
        this.config = config;
        this.machine = machine;
        this.bridge = new CodexBridge(config.codex(), this::onBridgeEvent, Clock.systemUTC());
        this.localApi = new LocalApiServer(config.port(), config.allowedOrigins(), this::health, ConnectHandler.notImplemented());
    }

    /** Binds the local API first, so a second helper fails fast before touching Codex. */
    public void start() throws IOException {
        ensurePrivateDir(config.stateDir());
        localApi.start();
        bridge.start();
    }

    public int port() {
        return localApi.port();
    }

    public CodexBridge bridge() {
        return bridge;
    }

    public Health health() {
        return new Health("ok", HelperVersion.get(), new Health.Helper("running"),
                new Health.Bridge(BridgeState.UNPAIRED),
                new Health.Runtime(bridge.status(), bridge.codexVersion(), bridge.activeMode().map(CodexMode::wire),
                        bridge.statusMessage()),
                new Health.Machine(false, machine.name(), machine.platform(), Optional.empty()));
    }

    @Override
    public void close() {
        localApi.close();
        bridge.close();
    }

    private void onBridgeEvent(BridgeEvent event) {
        if (event instanceof BridgeEvent.StatusChanged changed) {
            log.info("codex {}", changed.status().wire());
        }
    }

    /** The state directory will hold the machine key: only this user may enter it. */
    private static void ensurePrivateDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }
}

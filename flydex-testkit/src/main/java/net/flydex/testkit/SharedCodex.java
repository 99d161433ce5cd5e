package net.flydex.testkit;

import java.nio.file.Path;

/**
 * What every Codex test in one JVM shares: the pinned install, one scripted model, and at most one
 * daemon home (each daemon start copies ~400 MB, so the suite starts it once and a shutdown hook
 * stops it with everything it spawned).
 */
public final class SharedCodex {
    private static SharedCodex instance;

    private final CodexInstall install;
    private final ScriptedModel model;
    private CodexHome daemonHome;

    private SharedCodex() {
        this.install = CodexInstall.pinned();
        this.model = ScriptedModel.start();
    }

    public static synchronized SharedCodex get() {
        if (instance == null) {
            instance = new SharedCodex();
        }
        return instance;
    }

    public CodexInstall install() {
        return install;
    }

    public ScriptedModel model() {
        return model;
    }

    /** A fresh home for a private app-server, pointed at the shared model. */
    public CodexHome privateHome(Path dir) {
        return CodexHome.create(install, dir, model);
    }

    /**
     * The suite's daemon home under {@code target/}, its daemon stopped and started afresh on
     * first use (a crashed earlier run may have left one pointing at a dead model).
     */
    public synchronized CodexHome daemonHome() {
        if (daemonHome == null) {
            CodexHome home = CodexHome.create(install, Path.of("target", "codex-daemon-home").toAbsolutePath(), model);
            home.stopDaemon();
            home.startDaemon();
            Runtime.getRuntime().addShutdownHook(new Thread(home::stopDaemon, "stop-codex-daemon"));
            daemonHome = home;
        }
        return daemonHome;
    }
}

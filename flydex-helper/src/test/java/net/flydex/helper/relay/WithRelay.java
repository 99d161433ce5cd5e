package net.flydex.helper.relay;

import java.nio.file.Path;
import net.flydex.testkit.SharedCodex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link RelayHarness} (relay agent, real Codex, fake uplink) for each test, in its own directory. */
abstract class WithRelay {
    protected final SharedCodex codex = SharedCodex.get();
    @TempDir
    protected Path work;
    protected RelayHarness harness;

    @BeforeEach
    void startRelay() throws Exception {
        harness = new RelayHarness(codex, work);
    }

    @AfterEach
    void stopRelay() {
        harness.close();
    }
}

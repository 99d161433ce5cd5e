package net.flydex.server.relay;

import java.time.Duration;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.machines.AgentSocketClient;

/**
 * The server one relay test runs against: the test starts it on the backend it names, with Ada's
 * machine online, and it is closed after the test (the test's field is {@code @AutoClose}).
 */
final class RelayTestServer implements AutoCloseable {
    /** Long enough for the relay to have delivered anything it was going to. */
    static final Duration NOTHING_WITHIN = Duration.ofMillis(500);

    private ServerHarness harness;

    /** Starts the server and brings Ada's machine online: the account the relay tests steer from. */
    PairedMachine startWithAda(Backend backend) throws Exception {
        harness = backend.start();
        return online("ada@example.com");
    }

    /** Another account's machine, online on the same server. */
    PairedMachine online(String email) throws InterruptedException {
        return PairedMachine.online(harness, email);
    }

    /** A {@code /ws/client} socket of a signed-in account that owns no machine here. */
    AgentSocketClient stranger() {
        return BrowserSockets.open(harness, harness.signedUpBrowser("mallory@example.com"));
    }

    ServerHarness harness() {
        return harness;
    }

    @Override
    public void close() {
        if (harness != null) {
            harness.close();
        }
    }
}

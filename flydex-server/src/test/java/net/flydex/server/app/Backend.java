package net.flydex.server.app;

/** The two databases a control plane runs on: single use and expiry must hold on both. */
public enum Backend {
    SQLITE,
    POSTGRES;

    public ServerHarness start() throws Exception {
        return this == SQLITE ? ServerHarness.sqlite() : ServerHarness.postgres();
    }
}

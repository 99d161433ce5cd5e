package net.flydex.server.pairing;

import net.flydex.server.app.ServerHarness;

/** The two databases a control plane runs on: single use and expiry must hold on both. */
enum Backend {
    SQLITE,
    POSTGRES;

    ServerHarness start() throws Exception {
        return this == SQLITE ? ServerHarness.sqlite() : ServerHarness.postgres();
    }
}

package net.flydex.bench;

import java.util.Optional;
import net.flydex.protocol.LocalConnectStatus;

/**
 * The helper's side of a pairing, read from the server's local-connect history: each phase runs
 * from one status the helper reports to the next. Those timestamps are the server's wall clock at
 * millisecond resolution; so is the hand-over instant the bench notes, since the server runs in its JVM.
 */
enum HelperPhase {
    FIRST_REPORT(Optional.empty(), LocalConnectStatus.CONNECTING, "helper: /v1/connect answered -> 1st report (connecting)"),
    REGISTER(Optional.of(LocalConnectStatus.CONNECTING), LocalConnectStatus.REGISTERED, "helper: connecting -> registered"),
    AWAIT(Optional.of(LocalConnectStatus.REGISTERED), LocalConnectStatus.AWAITING_BROWSER_FINALIZE,
            "helper: registered -> awaiting_browser_finalize"),
    FINALIZE_POLL(Optional.of(LocalConnectStatus.AWAITING_BROWSER_FINALIZE), LocalConnectStatus.CODEX_STARTING,
            "helper: awaiting_browser_finalize -> codex_starting"),
    CODEX(Optional.of(LocalConnectStatus.CODEX_STARTING), LocalConnectStatus.CODEX_READY, "helper: codex_starting -> codex_ready");

    /** Empty: from the moment the helper answered {@code POST /v1/connect}. */
    private final Optional<LocalConnectStatus> from;
    private final LocalConnectStatus to;
    private final String label;

    HelperPhase(Optional<LocalConnectStatus> from, LocalConnectStatus to, String label) {
        this.from = from;
        this.to = to;
        this.label = label;
    }

    Optional<LocalConnectStatus> from() {
        return from;
    }

    LocalConnectStatus to() {
        return to;
    }

    String label() {
        return label;
    }
}

package net.flydex.bench;

/** The steps of a first pairing, in order, as a person's two screens and the helper go through them. */
enum CeremonyStep {
    CLAIM("1 claim create (desktop page: POST /api/pairing/claims)"),
    APPROVE("2 inspect + approve (phone: two POSTs)"),
    SIGNED_IN("3 claim status -> approved, signed in (desktop)"),
    LOCAL_CONNECT("4 local-connect start (desktop)"),
    HELPER_CONNECT("5 POST helper /v1/connect -> 202"),
    REGISTERED("6 poll until awaiting_browser_finalize"),
    FINALIZE("7 fingerprint check + finalize (desktop)"),
    READY("8 poll until codex_ready");

    private final String label;

    CeremonyStep(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}

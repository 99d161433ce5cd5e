package net.flydex.server.audit;

/** The security events the audit log records. Names are stored; never rename one. */
public enum AuditKind {
    SIGNUP,
    SIGNIN,
    SIGNIN_FAILED,
    SIGNOUT,
    SESSION_REVOKED,
    REFRESH_REUSED,
    CLAIM_CREATED,
    CLAIM_APPROVED,
    CLAIM_DENIED,
    CLAIM_GONE_USED,
    MACHINE_REGISTERED,
    MACHINE_RENAMED,
    MACHINE_REVOKED,
    /** The machine's own helper removed it ({@code flydex unpair}), authenticated by its key. */
    MACHINE_SELF_REVOKED,
    AGENT_REFUSED,
    BILLING_CHECKOUT,
    BILLING_PORTAL,
    /** A webhook's Stripe signature was missing, wrong or stale. */
    BILLING_WEBHOOK_REJECTED,
    /** A Stripe event changed an account's subscription status. */
    BILLING_STATUS_CHANGED
}

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
    AGENT_REFUSED
}

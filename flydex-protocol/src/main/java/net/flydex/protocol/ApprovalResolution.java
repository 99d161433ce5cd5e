package net.flydex.protocol;

/**
 * How a pending approval ended: the outcome Codex actually applied, which may differ from what a
 * browser sent when the person at the desk answered first.
 */
public record ApprovalResolution(String approvalId, Decision decision, ResolvedBy resolvedBy) {}

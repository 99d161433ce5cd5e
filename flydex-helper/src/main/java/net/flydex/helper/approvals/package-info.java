/**
 * Approvals: Codex's server requests waiting for a person. Each becomes an
 * {@link net.flydex.protocol.Approval} with its own unguessable id
 * ({@link net.flydex.helper.approvals.ApprovalRequests}); decisions are applied at most once and
 * resolved only when Codex says so ({@link net.flydex.helper.approvals.PendingApprovals}); each
 * decision is encoded in the shape its request method expects
 * ({@link net.flydex.helper.approvals.DecisionEncoder}).
 */
package net.flydex.helper.approvals;

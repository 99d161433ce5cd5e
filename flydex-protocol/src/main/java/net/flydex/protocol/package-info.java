/**
 * The FlyDex wire protocol: every message and limit shared by the control plane, the desktop
 * helper and the web app.
 *
 * <p>FlyDex lets a phone steer the Codex agent running on a person's own desktop. Three parties
 * speak it:
 *
 * <pre>
 *  browser ──/ws/client──▶ control plane ◀──/ws/agent── helper ──JSON-RPC──▶ codex app-server
 * </pre>
 *
 * <p>Message flow for one approval, the case FlyDex exists for:
 *
 * <ol>
 *   <li>Codex sends the helper a server request (for example
 *       {@code item/commandExecution/requestApproval}). The helper keeps it pending under a fresh,
 *       unguessable {@link net.flydex.protocol.Approval#approvalId() approvalId} and emits an
 *       {@link net.flydex.protocol.Approval}.
 *   <li>The browser answers with the {@code approval/respond} rpc: {@code approvalId}, a
 *       {@link net.flydex.protocol.Decision} and an idempotency key. The helper answers Codex at
 *       most once.
 *   <li>Codex confirms ({@code serverRequest/resolved}, or the turn ends). Only then is the
 *       approval resolved, and every browser learns the real outcome as an
 *       {@link net.flydex.protocol.ApprovalResolution} - which may be a decision taken at the desk.
 * </ol>
 *
 * <p>Only the methods in {@link net.flydex.protocol.RpcMethods#ALLOWED} ever reach the helper's
 * Codex; everything else answers {@link net.flydex.protocol.ErrorCode#METHOD_NOT_ALLOWED}. Sizes
 * and times that bound the protocol are named in {@link net.flydex.protocol.Limits}.
 *
 * <p>The public contract these types implement is {@code shared/CONTRACT.md}; the project's
 * {@code docs/api.md} describes every route and message.
 */
package net.flydex.protocol;

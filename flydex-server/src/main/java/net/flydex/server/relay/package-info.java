/**
 * The relay between browsers ({@code /ws/client}) and helpers ({@code /ws/agent}).
 *
 * <p>It routes envelopes and never needs payloads: authorization uses the session's account and
 * the machine id ({@link net.flydex.server.relay.Relay}), rpc answers go back by a relay id the
 * server minted ({@link net.flydex.server.relay.RpcRouter}), events fan out to the browsers of the
 * machine's account that subscribed ({@link net.flydex.server.relay.Subscriptions}), and sealed
 * frames to the one socket whose end-to-end session they name
 * ({@link net.flydex.server.relay.SessionRoutes}). Nothing a frame carries is stored or logged. Every browser has a bounded outbound queue written through the
 * socket's asynchronous send ({@link net.flydex.server.relay.OutboundQueue}), so a stalled browser
 * never holds up a helper or another browser. Delivery towards helpers goes through
 * {@link net.flydex.server.relay.RelayBus}, the seam where a cluster plugs in.
 */
package net.flydex.server.relay;

/**
 * Several control-plane nodes as one: the relay bus over Redis pub/sub
 * ({@link net.flydex.server.cluster.RedisRelayBus}), where each machine's helper is connected
 * ({@link net.flydex.server.cluster.ClusterPresence}) and rate limits shared by every node
 * ({@link net.flydex.server.cluster.RedisRateWindows}), joined by
 * {@link net.flydex.server.cluster.Cluster} when the node is given {@code --redis-url}. Between
 * nodes travel envelopes ({@link net.flydex.server.cluster.BusMessage}) with frames beside them,
 * never parsed or stored on the way.
 */
package net.flydex.server.cluster;

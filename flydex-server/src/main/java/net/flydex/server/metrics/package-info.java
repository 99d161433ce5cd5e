/**
 * Operator metrics (Micrometer, Prometheus format at {@code GET /metrics} for the scraper's token):
 * connections, relayed frames and bytes, rpc latency, errors by code, pending approvals,
 * reconnects and bus lag. Labels are small fixed sets; nothing names an account, a machine, an
 * address or anything a frame carries.
 */
package net.flydex.server.metrics;

/**
 * The helper's local HTTP API on 127.0.0.1:48163: {@code GET /v1/health}, {@code POST /v1/connect},
 * {@code POST /v1/e2e/offer} and {@code POST /v1/e2e/introduce}, which the FlyDex web page calls
 * from the person's own browser; and, for the {@code flydex} CLI only ({@link
 * net.flydex.helper.localapi.CliEndpoint}), {@code /v1/stop} and {@code /v1/devices*}.
 *
 * <p>Any web page the person visits can also send requests here, so every request passes the same
 * gates before a route runs (SECURITY.md, T6):
 *
 * <ol>
 *   <li>{@link net.flydex.helper.localapi.HostGuard}: only {@code 127.0.0.1:<port>} and
 *       {@code localhost:<port>} are served, which defeats DNS rebinding.
 *   <li>{@link net.flydex.helper.localapi.OriginPolicy}: a request carrying an {@code Origin}
 *       must come from a configured FlyDex web origin, matched exactly; CORS answers echo that one
 *       origin and never {@code *}.
 *   <li>{@code /v1/connect} and {@code /v1/e2e/*} additionally need POST, a JSON body and the header
 *       {@code X-FlyDex-Client: web}, none of which a plain HTML form can send, so a browser must
 *       preflight - and the preflight is only granted to allowed origins.
 * </ol>
 *
 * <p>The server itself is {@link net.flydex.helper.localapi.LocalApiServer}; what
 * {@code /v1/connect} does is injected as a {@link net.flydex.helper.localapi.ConnectHandler}.
 */
package net.flydex.helper.localapi;

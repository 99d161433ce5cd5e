package net.flydex.helper.localapi;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.flydex.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request's way through the local API: Host check, Origin check, then the route. The checks
 * come first so a refused page never reaches a route and changes nothing.
 *
 * <p>While the helper starts, only the routes it has for that ({@code /v1/health}'s starting
 * answer) answer at once; a request to any other path waits until the start is done and then goes
 * to its route, as it waited in the port's backlog before the local API answered early.
 */
final class LocalApiHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(LocalApiHandler.class);

    private final HostGuard hostGuard;
    private final OriginPolicy originPolicy;
    private final Map<String, Endpoint> whileStarting;
    private final CompletableFuture<Map<String, Endpoint>> endpoints;

    /**
     * @param whileStarting the routes that answer before {@code endpoints} is complete
     * @param endpoints every route, once the helper has started; failed if it stopped first
     */
    LocalApiHandler(HostGuard hostGuard, OriginPolicy originPolicy, Map<String, Endpoint> whileStarting,
            CompletableFuture<Map<String, Endpoint>> endpoints) {
        this.hostGuard = hostGuard;
        this.originPolicy = originPolicy;
        this.whileStarting = whileStarting;
        this.endpoints = endpoints;
    }

    static Map<String, Endpoint> byPath(List<Endpoint> endpoints) {
        return endpoints.stream().collect(Collectors.toUnmodifiableMap(Endpoint::path, Function.identity()));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply = answer(exchange);
            // Paths and statuses only: bodies and headers may carry the connect token.
            log.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), reply.status());
            reply.sendTo(exchange);
        }
    }

    private Reply answer(HttpExchange exchange) throws IOException {
        Headers headers = exchange.getRequestHeaders();
        if (!hostGuard.allows(headers.getOrDefault("Host", List.of()))) {
            return Reply.error(403, ErrorCode.BAD_HOST, "This helper answers only to Host 127.0.0.1 or localhost with its port.");
        }
        List<String> origins = headers.getOrDefault("Origin", List.of());
        Optional<Endpoint> endpoint = endpoint(exchange.getRequestURI().getRawPath());
        if (endpoint.isPresent() && !endpoint.get().forBrowsers() && !origins.isEmpty()) {
            return Reply.error(403, ErrorCode.BAD_ORIGIN, "This route is for the flydex command line, not for web pages.");
        }
        // instanceof, not a pattern switch over the sealed type: such a switch is an invokedynamic whose first run
        // spins a class with the ClassFile API, 30-120 ms of the helper's first answer (docs/benchmarks.md, "Fourth
        // pass"); LocalApiGuardsTest holds the three cases.
        OriginDecision decision = originPolicy.decide(origins);
        if (decision instanceof OriginDecision.Allowed allowed) {
            return route(endpoint, exchange).withHeaders(Cors.headers(allowed.origin(), isOptions(exchange)));
        }
        if (decision instanceof OriginDecision.Absent) {
            return route(endpoint, exchange);
        }
        return Reply.error(403, ErrorCode.BAD_ORIGIN, "Requests from this origin are not allowed.");
    }

    /** The path's route: the starting one while the helper starts and has one, else the route once the start is done. */
    private Optional<Endpoint> endpoint(String path) throws IOException {
        if (!endpoints.isDone() && whileStarting.containsKey(path)) {
            return Optional.of(whileStarting.get(path));
        }
        try {
            return Optional.ofNullable(endpoints.get().get(path));
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the helper stopped while it started");
        } catch (ExecutionException stopped) {
            throw new IOException("the helper stopped before it started", stopped.getCause());
        }
    }

    private Reply route(Optional<Endpoint> found, HttpExchange exchange) throws IOException {
        if (found.isEmpty()) {
            return Reply.error(404, ErrorCode.NOT_FOUND, "There is no such route.");
        }
        Endpoint endpoint = found.get();
        String allow = endpoint.method() + ", OPTIONS";
        if (isOptions(exchange)) {
            return Reply.noContent().withHeader("Allow", allow);
        }
        if (!exchange.getRequestMethod().equals(endpoint.method())) {
            return Reply.error(405, ErrorCode.METHOD_NOT_ALLOWED, "Only " + endpoint.method() + " is allowed here.")
                    .withHeader("Allow", allow);
        }
        return run(endpoint, exchange);
    }

    private static Reply run(Endpoint endpoint, HttpExchange exchange) throws IOException {
        try {
            return endpoint.handle(exchange);
        } catch (RejectedRequest rejected) {
            return rejected.reply();
        } catch (RuntimeException bug) {
            log.error("{} {} failed", endpoint.method(), endpoint.path(), bug);
            return Reply.error(500, ErrorCode.INTERNAL, "The helper could not answer; its log has the details.");
        }
    }

    private static boolean isOptions(HttpExchange exchange) {
        return exchange.getRequestMethod().equals("OPTIONS");
    }
}

package net.flydex.server.billing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Stripe's API: answers the three calls FlyDex makes with minimal objects
 * and records exactly what stripe-java sent (path, idempotency key, form fields).
 */
public final class FakeStripe implements AutoCloseable {
    public static final String API_KEY = "sk_test_flydex";
    public static final String PRICE_ID = "price_test_monthly";
    public static final String WEBHOOK_SECRET = "whsec_test_flydex";

    /** One request as received; {@code form} keys are Stripe's bracketed names, e.g. {@code line_items[0][price]}. */
    public record Request(String method, String path, Optional<String> idempotencyKey, Optional<String> authorization,
            Map<String, String> form) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    public FakeStripe() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public StripeSettings settings() {
        return new StripeSettings(API_KEY, PRICE_ID, WEBHOOK_SECRET, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var headers = exchange.getRequestHeaders();
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(exchange.getRequestMethod(), path, Optional.ofNullable(headers.getFirst("Idempotency-Key")),
                Optional.ofNullable(headers.getFirst("Authorization")), form(body)));
        int n = ids.incrementAndGet();
        String answer = switch (path) {
            case "/v1/customers" -> "{\"id\":\"cus_test_" + n + "\",\"object\":\"customer\"}";
            case "/v1/checkout/sessions" ->
                    "{\"id\":\"cs_test_" + n + "\",\"object\":\"checkout.session\",\"url\":\"https://checkout.stripe.test/c/" + n + "\"}";
            case "/v1/billing_portal/sessions" ->
                    "{\"id\":\"bps_test_" + n + "\",\"object\":\"billing_portal.session\",\"url\":\"https://billing.stripe.test/p/" + n + "\"}";
            default -> "";
        };
        byte[] bytes = (answer.isEmpty() ? "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"unknown\"}}" : answer)
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_test_" + n);
        exchange.sendResponseHeaders(answer.isEmpty() ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> form(String body) {
        var fields = new LinkedHashMap<String, String>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package net.flydex.helper.localapi;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import net.flydex.protocol.CodexStatus;
import net.flydex.protocol.JsonLiteral;

/**
 * {@code GET /v1/health} while the helper starts: {@code 503} with what is known before the state,
 * the keys and the machine's name are read - the version and Codex's status - so a caller finds a
 * helper at once instead of a port that holds its request (docs/api.md). It has no {@code machine}
 * and says {@code "status":"starting"}, so nothing that acts on a full answer (the landing page's
 * pairing, the key fingerprint check) can take it for one.
 *
 * <p>Written by hand ({@link JsonLiteral}) rather than with Jackson: it is the helper's first answer.
 */
final class StartingHealthEndpoint implements Endpoint {
    private final String version;
    private final Supplier<CodexStatus> codex;

    StartingHealthEndpoint(String version, Supplier<CodexStatus> codex) {
        this.version = version;
        this.codex = codex;
    }

    @Override
    public String path() {
        return "/v1/health";
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public Reply handle(HttpExchange exchange) {
        // A builder, not +: javac's concatenation is an invokedynamic, and unless the AOT cache's training ran this
        // very line its first run spins a class (java.lang.String$$StringConcat, seen here on the first answer).
        String body = new StringBuilder("{\"status\":\"starting\",\"version\":").append(JsonLiteral.string(version))
                .append(",\"helper\":{\"state\":\"starting\"},\"runtime\":{\"codex\":").append(JsonLiteral.string(codex.get().wire()))
                .append("}}").toString();
        return Reply.json(503, body.getBytes(StandardCharsets.UTF_8)).withHeader("Retry-After", "1");
    }
}

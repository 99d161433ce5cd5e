package net.flydex.server.billing;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import net.flydex.protocol.WireJson;
import net.flydex.server.http.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A webhook event read from its raw JSON, not through the SDK's typed classes: Stripe sends events
 * in the endpoint's API version, which may differ from the SDK's, and only a handful of fields
 * matter here. Field readers answer empty for anything missing or not shaped as expected.
 *
 * @param object the event's {@code data.object}
 */
record StripeEvent(String id, String type, Instant created, JsonNode object) {
    /** Stripe ids ({@code evt_…}, {@code cus_…}) and FlyDex ids: anything else is not stored. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern WORD = Pattern.compile("[a-z_]{1,32}");
    private static final Pattern TYPE = Pattern.compile("[a-z_.]{1,100}");

    static StripeEvent parse(String payload) {
        JsonNode event;
        try {
            event = WireJson.mapper().readTree(payload);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the event is not valid JSON");
        }
        if (event == null || !event.isObject()) {
            throw ApiException.badRequest("the event must be a JSON object");
        }
        String id = matching(event.path("id"), ID).orElseThrow(() -> ApiException.badRequest("the event has no valid id"));
        String type = matching(event.path("type"), TYPE).orElseThrow(() -> ApiException.badRequest("the event has no valid type"));
        JsonNode created = event.path("created");
        JsonNode object = event.path("data").path("object");
        if (!created.isIntegralNumber() || !object.isObject()) {
            throw ApiException.badRequest("the event has no created time or data.object");
        }
        return new StripeEvent(id, type, Instant.ofEpochSecond(created.asLong()), object);
    }

    /** A well-formed id at this path of the object. */
    Optional<String> id(String... path) {
        return matching(at(object, path), ID);
    }

    /** A lower-case word (a status, a mode) at this path of the object. */
    Optional<String> word(String... path) {
        return matching(at(object, path), WORD);
    }

    /** The latest epoch-seconds time at {@code field} of the items of the array at {@code array}. */
    Optional<Instant> latestIn(String[] array, String... field) {
        JsonNode items = at(object, array);
        if (!items.isArray()) {
            return Optional.empty();
        }
        return StreamSupport.stream(items.spliterator(), false).flatMap(item -> epochSeconds(at(item, field)).stream())
                .max(Instant::compareTo);
    }

    Optional<Instant> time(String... path) {
        return epochSeconds(at(object, path));
    }

    /** The first present of several optional readings: where API versions moved a field. */
    @SafeVarargs
    static <T> Optional<T> firstOf(Optional<T>... readings) {
        return Stream.of(readings).flatMap(Optional::stream).findFirst();
    }

    private static Optional<Instant> epochSeconds(JsonNode node) {
        return node.isIntegralNumber() ? Optional.of(Instant.ofEpochSecond(node.asLong())) : Optional.empty();
    }

    private static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String step : path) {
            current = current.path(step);
        }
        return current;
    }

    private static Optional<String> matching(JsonNode node, Pattern pattern) {
        return node.isString() && pattern.matcher(node.asString()).matches() ? Optional.of(node.asString()) : Optional.empty();
    }
}

package net.flydex.helper.localapi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.flydex.protocol.Health;
import net.flydex.protocol.JsonLiteral;

/**
 * The full {@code /v1/health} answer written by hand, as Jackson writes {@link Health} with the wire
 * settings (fields in the record's order, empty optionals left out; {@code HealthJsonTest} holds the
 * two equal). The first full answer of a start came only once Jackson had built {@code Health}'s
 * serializer - tens of milliseconds of a core, right after Codex's start, on the way to the answer
 * that says Codex is ready (docs/benchmarks.md, "Sixth pass"); it is asked every few seconds, so a
 * hand-written one is cheaper from then on too.
 */
final class HealthJson {
    private HealthJson() {}

    static byte[] bytes(Health health) {
        return text(health).getBytes(StandardCharsets.UTF_8);
    }

    // A StringBuilder, not +: javac's concatenation is an invokedynamic whose first run spins a class.
    static String text(Health health) {
        var out = new StringBuilder(320).append("{\"status\":").append(JsonLiteral.string(health.status()))
                .append(",\"version\":").append(JsonLiteral.string(health.version()))
                .append(",\"helper\":{\"state\":").append(JsonLiteral.string(health.helper().state()))
                .append("},\"bridge\":{\"state\":").append(JsonLiteral.string(health.bridge().state().wire()))
                .append("},\"runtime\":{\"codex\":").append(JsonLiteral.string(health.runtime().codex().wire()));
        optional(out, "codexVersion", health.runtime().codexVersion());
        optional(out, "codexMode", health.runtime().codexMode());
        optional(out, "message", health.runtime().message());
        Health.Machine machine = health.machine();
        out.append("},\"machine\":{\"paired\":").append(machine.paired())
                .append(",\"name\":").append(JsonLiteral.string(machine.name()))
                .append(",\"platform\":").append(JsonLiteral.string(machine.platform()));
        optional(out, "keyFingerprint", machine.keyFingerprint());
        return out.append("}}").toString();
    }

    private static void optional(StringBuilder out, String name, Optional<String> value) {
        value.ifPresent(text -> out.append(",\"").append(name).append("\":").append(JsonLiteral.string(text)));
    }
}

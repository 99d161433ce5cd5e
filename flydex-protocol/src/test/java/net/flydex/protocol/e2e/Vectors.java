package net.flydex.protocol.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.flydex.protocol.WireJson;
import tools.jackson.databind.JsonNode;

/** Reading vectors-v1.json: the file, its keys, and small byte edits the invalid cases make. */
final class Vectors {
    private Vectors() {}

    static JsonNode load() throws IOException {
        try (InputStream in = Vectors.class.getResourceAsStream("/e2e/vectors-v1.json")) {
            if (in == null) {
                throw new IOException("vectors-v1.json is missing from the test classpath");
            }
            return WireJson.mapper().readTree(in);
        }
    }

    static byte[] bytes(JsonNode node, String field) {
        try {
            return Base64Url.decode(node.path(field).asString());
        } catch (E2eException e) {
            throw new IllegalArgumentException("vector field " + field + " is not base64url", e);
        }
    }

    static P256.KeyPair key(JsonNode root, String name) throws E2eException {
        JsonNode key = root.path("keys").path(name);
        return P256.fromScalar(bytes(key, "scalar"), bytes(key, "publicKey"));
    }

    static String text(JsonNode node, String field) {
        return node.path(field).asString();
    }

    static byte[] utf8(JsonNode node, String field) {
        return text(node, field).getBytes(StandardCharsets.UTF_8);
    }

    /** The base64url text with one bit flipped in byte {@code index} (negative: from the end). */
    static String flip(String encoded, int index) {
        try {
            byte[] bytes = Base64Url.decode(encoded);
            bytes[index < 0 ? bytes.length + index : index] ^= 0x01;
            return Base64Url.encode(bytes);
        } catch (E2eException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The base64url text with byte {@code index} set to {@code value}. */
    static String set(String encoded, int index, int value) {
        try {
            byte[] bytes = Base64Url.decode(encoded);
            bytes[index] = (byte) value;
            return Base64Url.encode(bytes);
        } catch (E2eException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The first {@code length} bytes. */
    static String cut(String encoded, int length) {
        try {
            return Base64Url.encode(Arrays.copyOf(Base64Url.decode(encoded), length));
        } catch (E2eException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Bytes {@code from}..end. */
    static String tail(String encoded, int from) {
        try {
            byte[] bytes = Base64Url.decode(encoded);
            return Base64Url.encode(Arrays.copyOfRange(bytes, from, bytes.length));
        } catch (E2eException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

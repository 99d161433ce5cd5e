package net.flydex.helper.localapi;

import tools.jackson.databind.JsonNode;

/**
 * Turns a {@code /v1/connect} body into a {@link ConnectRequest}. It reads a tree rather than
 * binding the record because binding would quietly coerce {@code 123} or {@code true} to a string.
 * The shared mapper already refuses duplicate keys, trailing data and deep nesting.
 */
final class ConnectRequestParser {
    private ConnectRequestParser() {}

    /** @throws RejectedRequest 400 {@code bad_request} saying what is wrong with the body */
    static ConnectRequest parse(byte[] body) {
        JsonNode root = JsonBody.object(body);
        String server = requiredString(root, "server");
        String localConnectId = requiredString(root, "localConnectId");
        String connectToken = requiredString(root, "connectToken");
        try {
            return new ConnectRequest(server, localConnectId, connectToken);
        } catch (IllegalArgumentException e) {
            throw RejectedRequest.badRequest(e.getMessage() + ".");
        }
    }

    private static String requiredString(JsonNode root, String field) {
        JsonNode value = root.optional(field)
                .filter(node -> !node.isNull())
                .orElseThrow(() -> RejectedRequest.badRequest(field + " is required."));
        if (!value.isString()) {
            throw RejectedRequest.badRequest(field + " must be a string.");
        }
        return value.stringValue();
    }
}

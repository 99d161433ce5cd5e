package net.flydex.helper.localapi;

import java.util.List;

/** Whether a request declares a JSON body: {@code application/json}, parameters such as charset allowed. */
final class JsonContentType {
    private JsonContentType() {}

    /** @param contentTypeHeaders every {@code Content-Type} value the request carried; exactly one is required */
    static boolean declared(List<String> contentTypeHeaders) {
        if (contentTypeHeaders.size() != 1) {
            return false;
        }
        String value = contentTypeHeaders.getFirst();
        int parameters = value.indexOf(';');
        String mediaType = parameters < 0 ? value : value.substring(0, parameters);
        // Media types are case-insensitive (RFC 9110, 8.3.1).
        return mediaType.strip().equalsIgnoreCase("application/json");
    }
}

package net.flydex.helper.service;

/** Text as XML character data or an attribute value. */
final class Xml {
    private Xml() {}

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
}

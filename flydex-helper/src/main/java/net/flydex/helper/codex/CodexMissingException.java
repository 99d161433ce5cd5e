package net.flydex.helper.codex;

/** No Codex executable could be found; the message tells a person how to install it. */
public final class CodexMissingException extends Exception {
    public CodexMissingException(String message) {
        super(message);
    }
}

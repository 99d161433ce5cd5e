package net.flydex.protocol;

/** Shortening text people read (notification titles, bodies), shared by the helper and the control plane. */
public final class ShortText {
    private ShortText() {}

    /** At most {@code max} characters, never splitting a surrogate pair, with an ellipsis when cut. */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}

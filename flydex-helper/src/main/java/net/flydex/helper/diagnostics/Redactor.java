package net.flydex.helper.diagnostics;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets and personal data out of text before it is written to a log or shown in a
 * support report: keys, tokens, signatures, claim codes (URL fragments and queries), email
 * addresses, the home directory, and any long opaque string that looks random. Machine ids
 * ({@code mch_...}) and key fingerprints ({@code SHA256:...}) stay: they are public and support
 * needs them. It errs on the side of removing too much.
 */
public final class Redactor {
    public static final String MARK = "[redacted]";
    /** 22 base64 characters hold 128 bits, the shortest token FlyDex issues. */
    private static final int OPAQUE_MIN_LENGTH = 22;

    private record Rule(Pattern pattern, String replacement) {}

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("-----BEGIN [A-Z ]+-----[\\s\\S]*?(-----END [A-Z ]+-----|$)"), "[redacted key]"),
            new Rule(Pattern.compile("(?i)(bearer\\s+)\\S+"), "$1" + MARK),
            new Rule(Pattern.compile("(?i)(\"?[a-z_]*(?:token|secret|password|passwd|signature|nonce|claimcode|privatekey|apikey|cookie|code)\"?"
                    + "\\s*[:=]\\s*\"?)[^\"\\s,}&;]+"), "$1" + MARK),
            new Rule(Pattern.compile("((?:https?|wss?)://[^\\s#?\"']+)[?#][^\\s\"']*"), "$1" + "#" + MARK),
            // A claim code travels as a fragment: pair#<code>, even outside a full URL.
            new Rule(Pattern.compile("#[A-Za-z0-9_-]{8,}"), "#" + MARK),
            new Rule(Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+"), "[email]"));
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9+/=_-]{" + OPAQUE_MIN_LENGTH + ",}");

    private final List<String> homes;

    /** @param homes the user's home directories, shown as {@code ~} (they usually hold the user name) */
    public Redactor(String... homes) {
        this.homes = java.util.Arrays.stream(homes).filter(h -> h != null && h.length() > 1).distinct().toList();
    }

    /** Both {@code $HOME} and Java's {@code user.home}: they differ under sudo, in services and in tests. */
    public static Redactor forThisUser() {
        return new Redactor(System.getenv("HOME"), System.getProperty("user.home"));
    }

    public String redact(String text) {
        String result = text;
        for (String home : homes) {
            result = result.replace(home, "~");
        }
        for (Rule rule : RULES) {
            result = rule.pattern().matcher(result).replaceAll(rule.replacement());
        }
        return opaqueRemoved(result);
    }

    private static String opaqueRemoved(String text) {
        Matcher matcher = OPAQUE.matcher(text);
        var out = new StringBuilder();
        while (matcher.find()) {
            String found = matcher.group();
            boolean keep = found.startsWith("mch_") || text.startsWith("SHA256:", Math.max(0, matcher.start() - 7))
                    || !looksRandom(found);
            matcher.appendReplacement(out, Matcher.quoteReplacement(keep ? found : MARK));
        }
        return matcher.appendTail(out).toString();
    }

    /** Random base64 mixes upper case, lower case and digits; paths and words rarely do all three. */
    private static boolean looksRandom(String s) {
        return s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase)
                && s.chars().anyMatch(Character::isDigit);
    }
}

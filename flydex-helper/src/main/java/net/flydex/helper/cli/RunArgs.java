package net.flydex.helper.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.codex.CodexMode;
import net.flydex.protocol.Limits;

/**
 * The arguments of {@code flydex run} read without picocli. {@code run} is what the login service
 * and every background start execute, and picocli costs that start about half a second before the
 * helper does anything: it builds its model of all ten commands by reflection, in classes compiled
 * for Java 5 that the JVM must verify the old way and cannot keep in the AOT cache.
 *
 * <p>Only well-formed arguments are read here ({@code --flag value} or {@code --flag=value}, each
 * a flag of {@link HelperOptions}); anything else - help, version, an unknown flag, a bad value -
 * answers empty, and picocli then reads the same arguments and says what is wrong, as before.
 * {@code RunArgsTest} checks that both readings give the same settings.
 */
final class RunArgs {
    private RunArgs() {}

    /** @param args the arguments after {@code run} */
    static Optional<HelperConfig> parse(List<String> args, Map<String, String> env) {
        var values = new java.util.HashMap<String, List<String>>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String flag = equals > 0 ? arg.substring(0, equals) : arg;
            if (!isFlag(flag)) {
                return Optional.empty();
            }
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                return Optional.empty();
            }
            values.computeIfAbsent(flag, f -> new ArrayList<>()).add(value);
        }
        try {
            return Optional.of(config(values, env));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static boolean isFlag(String flag) {
        return switch (flag) {
            case HelperOptions.PORT, HelperOptions.STATE_DIR, HelperOptions.SERVER, HelperOptions.CODEX_BIN, HelperOptions.CODEX_HOME,
                 HelperOptions.CODEX_MODE, HelperOptions.ALLOWED_ORIGIN -> true;
            default -> false;
        };
    }

    private static HelperConfig config(Map<String, List<String>> values, Map<String, String> env) {
        String port = single(values, HelperOptions.PORT, env, HelperOptions.PORT_ENV).orElse(Integer.toString(Limits.HELPER_PORT));
        List<URI> servers = values.getOrDefault(HelperOptions.SERVER,
                List.of(Optional.ofNullable(env.get(HelperOptions.SERVER_ENV)).orElse(HelperOptions.DEFAULT_SERVER))).stream()
                .flatMap(list -> Arrays.stream(list.split(","))).map(URI::create).toList();
        // CodexMode's own parser: the converter is a picocli class, which would load picocli (from the jar, verified) on the way to the spawn.
        CodexMode mode = CodexMode.fromWire(single(values, HelperOptions.CODEX_MODE, env, HelperOptions.CODEX_MODE_ENV)
                .orElse(HelperOptions.DEFAULT_CODEX_MODE)).orElseThrow();
        return HelperOptions.config(Integer.parseInt(port), path(values, HelperOptions.STATE_DIR, env, HelperOptions.STATE_DIR_ENV),
                servers, path(values, HelperOptions.CODEX_BIN, env, HelperOptions.CODEX_BIN_ENV),
                path(values, HelperOptions.CODEX_HOME, env, HelperOptions.CODEX_HOME_ENV), mode,
                values.getOrDefault(HelperOptions.ALLOWED_ORIGIN, List.of()));
    }

    /** The flag's value, else its environment variable's; a flag given twice is picocli's to refuse. */
    private static Optional<String> single(Map<String, List<String>> values, String flag, Map<String, String> env, String variable) {
        List<String> given = values.get(flag);
        if (given != null && given.size() > 1) {
            throw new IllegalArgumentException(flag + " given twice");
        }
        return given != null ? Optional.of(given.getFirst()) : Optional.ofNullable(env.get(variable));
    }

    private static Optional<Path> path(Map<String, List<String>> values, String flag, Map<String, String> env, String variable) {
        return single(values, flag, env, variable).map(Path::of);
    }
}

package net.flydex.helper.logs;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The helper process's SLF4J provider, chosen by {@link #select()} from {@code main}. It replaces
 * slf4j-simple there because slf4j-simple's set-up (its properties file, a {@code SimpleDateFormat}
 * with locale data, calendar and time zone database) ran on the way to Codex's spawn and while
 * Codex started, and kept the JIT compiler busy with locale code as well (docs/benchmarks.md,
 * "Fifth pass"). Other JVMs that hold the helper's classes (tests, benches) keep slf4j-simple, the
 * provider the class path names.
 *
 * <p>Levels: {@code info} and up, the Jetty client's {@code warn} and up, as slf4j-simple was set;
 * slf4j-simple's system properties still change them: {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=debug},
 * {@code -Dorg.slf4j.simpleLogger.log.net.flydex.helper.relay=debug}.
 */
public final class HelperLogging implements SLF4JServiceProvider, ILoggerFactory {
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.";
    static final String DEFAULT_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    /** slf4j-simple's {@code off}: above every level. */
    static final int OFF = Level.ERROR.toInt() + 10;
    /** The logger prefixes quieter than the default, as in simplelogger.properties. */
    private static final Map<String, Integer> BUILT_IN = Map.of("org.eclipse.jetty", Level.WARN.toInt());

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final Supplier<PrintStream> target;
    private final LongSupplier clock;

    /** The instance SLF4J makes: lines to the {@code System.err} of the moment, the wall clock's time. */
    public HelperLogging() {
        this(() -> System.err, System::currentTimeMillis);
    }

    HelperLogging(Supplier<PrintStream> target, LongSupplier clock) {
        this.target = target;
        this.clock = clock;
    }

    /**
     * Makes this the process's provider, before the first logger is asked for: SLF4J then loads it by name
     * instead of looking through the class path's providers. A provider named on the command line is kept.
     */
    public static void select() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", HelperLogging.class.getName());
            // SLF4J says "Attempting to load provider ..." at its INFO on every start otherwise; warnings still show.
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new HelperLogger(n, threshold(n), target, clock));
    }

    /** The lowest level logged: the nearest setting for the name or one of its dotted prefixes, then the default. */
    static int threshold(String name) {
        for (String prefix = name; !prefix.isEmpty(); prefix = parent(prefix)) {
            Optional<Integer> set = level(System.getProperty(LEVEL_PROPERTY + prefix));
            if (set.isPresent()) {
                return set.get();
            }
            if (BUILT_IN.containsKey(prefix)) {
                return BUILT_IN.get(prefix);
            }
        }
        return level(System.getProperty(DEFAULT_LEVEL_PROPERTY)).orElse(Level.INFO.toInt());
    }

    private static String parent(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    /** slf4j-simple's level words. An unknown word is no setting. */
    private static Optional<Integer> level(String word) {
        if (word == null) {
            return Optional.empty();
        }
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "trace" -> Optional.of(Level.TRACE.toInt());
            case "debug" -> Optional.of(Level.DEBUG.toInt());
            case "info" -> Optional.of(Level.INFO.toInt());
            case "warn" -> Optional.of(Level.WARN.toInt());
            case "error" -> Optional.of(Level.ERROR.toInt());
            case "off" -> Optional.of(OFF);
            default -> Optional.empty();
        };
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing to read: the levels are looked up per logger, the layout is fixed.
    }
}

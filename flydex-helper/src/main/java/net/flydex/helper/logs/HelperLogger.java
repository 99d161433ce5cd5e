package net.flydex.helper.logs;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One logger of the helper's process: a line per event, {@code <UTC time> <LEVEL> <class> - <message>},
 * the layout slf4j-simple wrote with the helper's settings (so {@link LogFiles#recentProblems} and
 * people's habits still read it), then the stack trace if there is one.
 */
final class HelperLogger extends LegacyAbstractLogger {
    private final String shortName;
    private final int threshold;
    /** Asked at every line, not kept: {@link LogTee} replaces {@code System.err} once the helper knows its log directory. */
    private final Supplier<PrintStream> target;
    private final LongSupplier clock;

    /** @param threshold the lowest {@link Level#toInt()} logged */
    HelperLogger(String name, int threshold, Supplier<PrintStream> target, LongSupplier clock) {
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
        this.threshold = threshold;
        this.target = target;
        this.clock = clock;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
            Throwable throwable) {
        var line = new StringBuilder(64).append(UtcTimestamp.format(clock.getAsLong())).append(' ').append(level.name()).append(' ')
                .append(shortName).append(" - ");
        if (marker != null) {
            line.append(marker.getName()).append(' ');
        }
        line.append(MessageFormatter.basicArrayFormat(messagePattern, arguments));
        PrintStream out = target.get();
        // One lock for all loggers, as slf4j-simple had: a stack trace is not interleaved with another thread's line.
        synchronized (HelperLogger.class) {
            out.println(line);
            if (throwable != null) {
                throwable.printStackTrace(out);
            }
            out.flush();
        }
    }
}

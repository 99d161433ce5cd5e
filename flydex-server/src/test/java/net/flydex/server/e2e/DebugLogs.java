package net.flydex.server.e2e;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.simple.SimpleLogger;

/**
 * Turns debug logging on for a few classes while a leak test runs, and back off after: slf4j-simple
 * fixes each logger's level when it is made, and the test JVM made them long before at info.
 */
public final class DebugLogs implements AutoCloseable {
    /** slf4j-simple's own value for debug ({@code LocationAwareLogger.DEBUG_INT}). */
    private static final int DEBUG = 10;
    private final Map<SimpleLogger, Integer> before = new HashMap<>();

    private DebugLogs() {}

    public static DebugLogs enable(Class<?>... classes) {
        var logs = new DebugLogs();
        for (Class<?> type : classes) {
            Logger logger = LoggerFactory.getLogger(type);
            if (logger instanceof SimpleLogger simple) {
                logs.before.put(simple, logs.swap(simple, DEBUG));
            }
        }
        return logs;
    }

    @Override
    public void close() {
        before.forEach(this::swap);
    }

    private int swap(SimpleLogger logger, int level) {
        try {
            Field field = SimpleLogger.class.getDeclaredField("currentLogLevel");
            field.setAccessible(true);
            int old = field.getInt(logger);
            field.setInt(logger, level);
            return old;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("slf4j-simple changed: find another way to see debug lines", e);
        }
    }
}

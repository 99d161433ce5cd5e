package net.flydex.helper.logs;

/**
 * A log line's time, {@code 2026-12-07T18:15:49.507Z}, computed by hand from the epoch milliseconds.
 * slf4j-simple's {@code SimpleDateFormat} (the helper's logger before) loads the locale data, the
 * calendar and the time zone database when it is made, which took 40-100 ms of CPU on a thread of its
 * own while Codex started beside the helper (docs/benchmarks.md, "Fifth pass"); this is a few
 * divisions. Always UTC: the local offset would need that time zone database again.
 */
final class UtcTimestamp {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private UtcTimestamp() {}

    static String format(long epochMillis) {
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days): eras of 400 years from 0000-03-01.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        var text = new StringBuilder(24);
        text.append(year).append('-');
        two(text, month).append('-');
        two(text, day).append('T');
        two(text, millisOfDay / 3_600_000).append(':');
        two(text, millisOfDay / 60_000 % 60).append(':');
        two(text, millisOfDay / 1000 % 60).append('.');
        int millis = millisOfDay % 1000;
        if (millis < 100) {
            text.append('0');
        }
        return two(text, millis).append('Z').toString();
    }

    private static StringBuilder two(StringBuilder text, int value) {
        if (value < 10) {
            text.append('0');
        }
        return text.append(value);
    }
}

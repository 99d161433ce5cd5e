package net.flydex.bench;

/** One helper start: its start-up times and, after idling, the memory of the helper JVM and of its codex child. */
record StartupSample(StartupTimes times, Rss helper, Rss codex) {}

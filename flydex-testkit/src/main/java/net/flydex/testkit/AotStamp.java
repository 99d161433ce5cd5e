package net.flydex.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an AOT cache was made for, written beside it as {@code <cache>.json} by the training run
 * and read by whatever starts a JVM with it (the npm launcher, the server's start command): the JVM
 * that made it (its home's {@code release} file and the size of its modules image) and the jar
 * (size, modification time, and a digest of its content).
 *
 * <p>JDK 25's own check of the jar against the cache is not to be relied on: a cache written by
 * {@code -XX:AOTCacheOutput} records no class path entry as used unless some class was loaded from
 * the jar outside the cache in the training run (JDK-8377932, fixed in JDK 27), and then the JVM
 * skips the jar's size and time check and runs the cache's classes for whatever jar it is given.
 * FlyDex's helper was checked only because two picocli classes happened to load that way.
 *
 * <p>The jar's digest, {@code jarDirectorySha256}, is SHA-256 over the zip's central directory and
 * end record (from the directory's offset to the end of the file): the directory holds every
 * entry's name, sizes and CRC-32, so a changed class changes it, and the npm launcher reads it
 * (0.3 of the helper jar's 6 MB) in a quarter to a fifth of the time the whole jar takes to hash
 * (docs/benchmarks.md). A file without a zip end record
 * where one belongs (or a zip64 one) is hashed whole. It guards against accidents - a rebuilt jar,
 * a stale cache - not against someone who can write the jar. {@code jarSha256} (the whole file,
 * as {@code sha256sum} prints it) is there for people.
 */
public final class AotStamp {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int END_RECORD = 0x06054b50;
    private static final int END_RECORD_SIZE = 22;
    private static final int MAX_COMMENT = 0xffff;

    private AotStamp() {}

    /** The stamp's path for {@code cache}. */
    public static Path of(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".json");
    }

    /** Writes the stamp of {@code cache}, made by the JVM in {@code javaHome} for {@code jar}. */
    public static void write(Path cache, Path javaHome, Path jar) throws IOException {
        Files.writeString(of(cache), JSON.writeValueAsString(describe(javaHome, jar)) + "\n");
    }

    /** True when the stamp beside {@code cache} names this JVM and this jar (content and time); false without one. */
    public static boolean fits(Path cache, Path javaHome, Path jar) {
        try {
            JsonNode madeFor = JSON.readTree(Files.readString(of(cache)));
            // Compared as read back, as the launcher reads it: a long written is an int read where it fits.
            return Files.isRegularFile(cache) && madeFor.equals(JSON.readTree(JSON.writeValueAsString(describe(javaHome, jar))));
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    private static ObjectNode describe(Path javaHome, Path jar) throws IOException {
        return JSON.createObjectNode()
                .put("runtimeRelease", Files.readString(javaHome.resolve("release"), StandardCharsets.UTF_8).strip())
                .put("modulesSize", Files.size(javaHome.resolve("lib").resolve("modules")))
                .put("jarSize", Files.size(jar))
                .put("jarMtimeSeconds", Files.getLastModifiedTime(jar).toInstant().getEpochSecond())
                .put("jarDirectorySha256", directoryDigest(jar))
                .put("jarSha256", hex(sha256(jar, 0, Files.size(jar))));
    }

    /** SHA-256 (hex) of the jar's central directory and end record; of the whole file when it has no usable end record. */
    public static String directoryDigest(Path jar) throws IOException {
        long size = Files.size(jar);
        try (FileChannel file = FileChannel.open(jar, StandardOpenOption.READ)) {
            int tailLength = (int) Math.min(size, END_RECORD_SIZE + MAX_COMMENT);
            ByteBuffer tail = ByteBuffer.allocate(tailLength).order(ByteOrder.LITTLE_ENDIAN);
            while (tail.hasRemaining() && file.read(tail, size - tailLength + tail.position()) >= 0) {
                // a file read may return fewer bytes than asked for
            }
            for (int at = tailLength - END_RECORD_SIZE; at >= 0; at--) {
                // The end record whose comment runs exactly to the end of the file, as a zip reader finds it.
                if (tail.getInt(at) == END_RECORD && at + END_RECORD_SIZE + Short.toUnsignedInt(tail.getShort(at + 20)) == tailLength) {
                    long directorySize = Integer.toUnsignedLong(tail.getInt(at + 12));
                    long directoryOffset = Integer.toUnsignedLong(tail.getInt(at + 16));
                    if (directoryOffset == 0xffffffffL || directoryOffset + directorySize > size - tailLength + at) {
                        break;
                    }
                    return hex(sha256(jar, directoryOffset, size));
                }
            }
        }
        return hex(sha256(jar, 0, size));
    }

    private static byte[] sha256(Path file, long from, long to) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            long at = from;
            while (at < to) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), to - at));
                int read = channel.read(buffer, at);
                if (read < 0) {
                    throw new IOException(file + " ended early");
                }
                digest.update(buffer.flip());
                at += read;
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

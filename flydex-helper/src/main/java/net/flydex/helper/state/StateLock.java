package net.flydex.helper.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One helper per state directory: two helpers with one identity (on different ports, say) would
 * keep replacing each other's connection to the server. The operating system releases the lock
 * when the process ends, however it ends.
 */
public final class StateLock implements AutoCloseable {
    private static final String FILE = "helper.lock";

    /** Another running helper holds this state directory. */
    public static final class HeldElsewhere extends IOException {
        public HeldElsewhere(Path dir) {
            super("another FlyDex helper is using the state directory " + dir);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws HeldElsewhere when another process (or this one) holds it */
    public static StateLock acquire(Path dir) throws IOException {
        PrivateFiles.ensureDir(dir);
        FileChannel channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new StateLock(channel, lock);
            }
        } catch (OverlappingFileLockException heldHere) {
            // Falls through: this process has it already.
        }
        channel.close();
        throw new HeldElsewhere(dir);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}

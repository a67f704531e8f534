package dev.latchkey.examples;

import dev.latchkey.common.LatchkeyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One demo per data directory. H2 refuses a second process on the same database file, but with a
 * forty-line stack trace that never says what to do; this lock is taken first, so a second demo
 * stops with one sentence instead ({@link InUse}).
 *
 * <p>An OS file lock ({@code {data dir}/demo.lock}): the operating system releases it when the
 * process ends, however it ends, so a crashed demo never leaves a stale lock behind. Within one
 * JVM a second {@link #acquire} of the same directory is refused too (tests start several demos),
 * from a set of held paths checked <em>before</em> the file is opened: on POSIX systems closing any
 * descriptor of a file drops every lock the process holds on it, so a refused second attempt must
 * never open (and close) the file.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE_NAME = "demo.lock";
  /** The lock files this JVM holds. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dataDir} (which must exist) for this demo.
   *
   * @throws InUse when another demo, in this process or another, holds it
   */
  static DataDirLock acquire(Path dataDir, Path shownAs) {
    Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
    if (!HELD.add(file)) {
      throw new InUse(shownAs); // by this JVM
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      HELD.remove(file);
      throw new LatchkeyException("Could not open the lock file " + file, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      closeQuietly(channel);
      HELD.remove(file);
      throw new LatchkeyException("Could not lock " + file, e);
    }
    if (lock == null) {
      // Held by another process: this descriptor held no lock, so closing it frees nothing.
      closeQuietly(channel);
      HELD.remove(file);
      throw new InUse(shownAs);
    }
    return new DataDirLock(file, channel, lock);
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // The channel's close below releases it too.
    }
    closeQuietly(channel);
    HELD.remove(file);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing held that the process's end would not free.
    }
  }

  /** Another demo already uses the data directory. Its message is the whole story, one line. */
  static final class InUse extends LatchkeyException {
    private static final long serialVersionUID = 1L;

    InUse(Path shownAs) {
      super("Another demo is already using " + display(shownAs)
          + ", stop it or set LATCHKEY_DATA_DIR to another folder.");
    }

    /** {@code ./data} for the default relative path, as a person typed it. */
    private static String display(Path path) {
      String text = path.toString();
      return path.isAbsolute() || text.startsWith(".") ? text : "./" + text;
    }
  }
}

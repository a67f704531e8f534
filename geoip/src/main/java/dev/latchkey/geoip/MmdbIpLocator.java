package dev.latchkey.geoip;

import com.maxmind.db.CHMCache;
import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import dev.latchkey.client.IpLocator;
import dev.latchkey.client.Location;
import dev.latchkey.geoip.MmdbFileException.Problem;
import dev.latchkey.geoip.internal.CityRecord;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design note.
 *
 * The database stays on disk: MaxMind's reader memory-maps the file and walks its search tree in
 * place, so the heap holds only the reader, the metadata and a bounded cache of decoded records.
 *
 * Reloading swaps one immutable Loaded (a reader plus what we know about its file) in an
 * AtomicReference. A lookup must never use a reader that has been closed, and a reload must never
 * wait for lookups, so each Loaded carries a reference count that starts at 1 (the locator's own
 * reference, held while it is current):
 *
 * - a lookup acquires by incrementing the count only while it is above zero, uses the reader and
 *   releases; an acquire that finds zero lost a race with a reload, and reads the new current one;
 * - a reload installs the new Loaded first, then drops the locator's reference to the old one;
 * - whoever brings the count to zero closes that reader: the reload when no lookup was using it,
 *   otherwise the last lookup to finish.
 *
 * No lock on the lookup path; the lock serialises reloads (explicit, automatic and close) only.
 *
 * Automatic reloads need no thread of our own: a lookup that finds the check interval elapsed
 * (by the injected clock) wins a compare-and-set and looks at the file's attributes (one stat);
 * only when they changed does it open the new file, which maps it, reads its metadata and makes
 * two probe lookups: about a millisecond (0.6 ms measured for a 100,000-network file), whatever
 * the file's size. Every other lookup goes on with the current reader meanwhile. A file that
 * fails to open is remembered by its attributes and not tried again until it changes, so a broken
 * download logs one warning, not one per interval.
 */

/**
 * An {@link IpLocator} answering from a MaxMind DB ({@code .mmdb}) file: MaxMind GeoLite2 City or
 * Country, GeoIP2 City or Country, DB-IP City Lite or Country Lite (any of
 * {@link #SUPPORTED_DATABASE_TYPES}).
 *
 * <pre>{@code
 * // Reopened only by reload():
 * Latchkey.builder().ipLocator(MmdbIpLocator.open(Path.of("GeoLite2-City.mmdb")))
 *
 * // Or picking up a replaced file by itself, checking at most once a minute:
 * MmdbIpLocator locator = MmdbIpLocator.builder(Path.of("/var/lib/GeoIP/GeoLite2-City.mmdb"))
 *     .reloadWhenChanged(Duration.ofMinutes(1), clock)
 *     .build();
 * }</pre>
 *
 * <p>The answer for an address is the record's English city name ({@code city.names.en}), its
 * first subdivision's English name ({@code subdivisions[0].names.en}, or its {@code iso_code}
 * when it has no name) and its country code ({@code country.iso_code}, else
 * {@code registered_country.iso_code}). Both vendors' layouts hold these paths. DB-IP's
 * {@code ZZ} ("unknown") counts as no country, and a record naming no place answers empty, as
 * with {@code CsvIpLocator}.
 *
 * <h2>Security guarantees and behaviour</h2>
 *
 * <ul>
 *   <li><b>A lookup never throws and never resolves a name.</b> Anything that is not an IPv4 or
 *       IPv6 literal (including {@code null}, host names and long strings) answers empty without
 *       touching the network. An address the database does not hold answers empty. If reading the
 *       file fails during a lookup (a damaged file, a record in an unexpected layout, a file
 *       truncated in place), the lookup answers empty, and one warning is logged per loaded file
 *       (slf4j, {@code dev.latchkey.geoip.MmdbIpLocator}) naming the file and the exception's
 *       class, never the address and never MaxMind's message (which can contain it).
 *   <li><b>Opening fails fast and typed.</b> {@link #open}, {@link Builder#build()} and
 *       {@link #reload()} throw {@link MmdbFileException} when the file is missing, unreadable,
 *       not a MaxMind DB file, or a database of another type; the message names the path and the
 *       expected database types.
 *   <li><b>Memory.</b> The file is memory-mapped ({@code Reader.FileMode.MEMORY_MAPPED}): its
 *       pages live in the operating system's page cache, not in the Java heap. The heap holds a
 *       few objects per open file plus a cache of at most {@value #CACHED_RECORDS} values
 *       decoded behind the file's pointers (shared keys, countries, subdivisions). Opening reads
 *       the metadata and makes two probe lookups; it does not read the whole file.
 *   <li><b>Reloads without a restart.</b> {@link #reload()} opens the file again now;
 *       {@link Builder#reloadWhenChanged} also makes lookups check the file's modification time,
 *       size and identity at most once per interval, timed by the injected {@link Clock} (never
 *       the system clock), and open it again when they changed. The new reader replaces the old
 *       one atomically: every lookup uses one complete file, the old or the new. The old reader
 *       is closed when the last lookup using it finishes; lookups never wait for a reload. If the
 *       new file cannot be opened, the old one stays in use (an automatic reload logs a warning
 *       and retries only once the file changes again; {@link #reload()} throws).
 *   <li><b>Replace the file atomically.</b> Write the new file beside the old one and rename it
 *       over the old one, as {@code geoipupdate} does: the old mapping stays valid until it is
 *       closed. Overwriting the mapped file in place changes the data under running lookups:
 *       until the next reload they may answer empty (with the warning above) or from a mix of
 *       old and new data, though they still do not throw.
 *       (On Windows a mapped file cannot be replaced at all.)
 *   <li><b>Thread-safe</b>, with no lock on the lookup path; and no thread of its own.
 * </ul>
 *
 * <p>Nothing is fetched: the host downloads and refreshes the files (GeoLite2 needs a MaxMind
 * licence key; DB-IP Lite is CC BY 4.0 and asks for attribution).
 */
public final class MmdbIpLocator implements IpLocator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MmdbIpLocator.class);

  /**
   * The {@code database_type} values (from the file's metadata) this locator reads: the
   * city- and country-level databases in the GeoIP2 layout of MaxMind and DB-IP.
   */
  public static final List<String> SUPPORTED_DATABASE_TYPES = List.of(
      "GeoLite2-City", "GeoIP2-City", "DBIP-City-Lite", "DBIP-Location (compat=City)",
      "GeoLite2-Country", "GeoIP2-Country", "DBIP-Country-Lite", "DBIP-Country");

  /** The shortest interval {@link Builder#reloadWhenChanged} accepts. */
  public static final Duration MIN_CHECK_INTERVAL = Duration.ofSeconds(1);

  /**
   * How many values decoded behind pointers each open file keeps in heap (MaxMind's
   * {@code CHMCache}): a real database points every record at shared keys and places.
   */
  public static final int CACHED_RECORDS = 4096;

  /** Probed at open so that a damaged tree fails there rather than at the first sign-in. */
  private static final byte[][] PROBES = {{1, 1, 1, 1},
      {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};

  private final Path file;
  /** {@code null} when only {@link #reload()} reloads. */
  private final Clock clock;
  private final long checkIntervalMillis;
  private final AtomicLong nextCheckMillis = new AtomicLong();
  private final AtomicReference<Loaded> current = new AtomicReference<>();
  /** Serialises reloads and close; never taken by a lookup that does not reload. */
  private final ReentrantLock reloadLock = new ReentrantLock();
  /** Guarded by reloadLock: the file version whose automatic reload failed, not retried. */
  private FileStamp failed;
  /** Guarded by reloadLock. */
  private boolean closed;

  private MmdbIpLocator(Builder builder) {
    this.file = builder.file;
    this.clock = builder.clock;
    this.checkIntervalMillis = builder.checkInterval == null ? 0 : builder.checkInterval.toMillis();
    current.set(Loaded.open(file));
    if (clock != null) {
      nextCheckMillis.set(clock.millis() + checkIntervalMillis);
    }
  }

  /**
   * Opens a database with the defaults: reloaded only by {@link #reload()}.
   *
   * @param file a {@code .mmdb} file of one of the {@link #SUPPORTED_DATABASE_TYPES}
   * @return a locator over the file
   * @throws MmdbFileException if the file is missing, unreadable, malformed or of another type
   */
  public static MmdbIpLocator open(Path file) {
    return builder(file).build();
  }

  /**
   * Starts configuring a locator over {@code file}.
   *
   * @param file a {@code .mmdb} file of one of the {@link #SUPPORTED_DATABASE_TYPES}
   * @return a builder; nothing is opened before {@link Builder#build()}
   */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /**
   * Looks up an address; see the class description.
   *
   * @param ipAddress an IPv4 or IPv6 literal; anything else, including {@code null}, answers empty
   * @return the location of the network holding the address, or empty when the database holds
   *     none, names no place for it, cannot be read, or this locator is closed; never throws
   */
  @Override
  public Optional<Location> locate(String ipAddress) {
    if (clock != null) {
      checkForChangeIfDue();
    }
    InetAddress address = IpLiterals.parse(ipAddress);
    if (address == null) {
      return Optional.empty();
    }
    Loaded loaded = acquire();
    if (loaded == null) {
      return Optional.empty(); // closed
    }
    try {
      return loaded.locate(address);
    } finally {
      loaded.release();
    }
  }

  /**
   * Opens the file again now, whether or not it changed, and switches every later lookup to it.
   * Lookups running meanwhile finish on the old reader, which is then closed.
   *
   * @throws MmdbFileException if the file cannot be used; the database loaded before stays in
   *     use
   * @throws IllegalStateException if this locator is closed
   */
  public void reload() {
    reloadLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("MmdbIpLocator for " + file + " is closed");
      }
      install(Loaded.open(file));
    } finally {
      reloadLock.unlock();
    }
  }

  /**
   * Closes the file. Later lookups answer empty; lookups running meanwhile finish first (the
   * reader is closed by the last of them). Idempotent.
   */
  @Override
  public void close() {
    reloadLock.lock();
    try {
      closed = true;
      Loaded old = current.getAndSet(null);
      if (old != null) {
        old.release();
      }
    } finally {
      reloadLock.unlock();
    }
  }

  /**
   * The file and what it holds, for logs: path, database type, build date and reload policy.
   */
  @Override
  public String toString() {
    Loaded loaded = current.get();
    String reloads = clock == null ? "on reload()" : "when changed, checked every "
        + Duration.ofMillis(checkIntervalMillis);
    if (loaded == null) {
      return "MmdbIpLocator[file=" + file + ", closed]";
    }
    return "MmdbIpLocator[file=" + file + ", databaseType=" + loaded.databaseType + ", built="
        + loaded.built + ", reloads " + reloads + "]";
  }

  /** The current file, for white-box tests. */
  Loaded current() {
    return current.get();
  }

  /** The current Loaded with a reference taken, or {@code null} when closed. */
  private Loaded acquire() {
    while (true) {
      Loaded loaded = current.get();
      if (loaded == null || loaded.tryAcquire()) {
        return loaded;
      }
      // A reload retired it between our read and our increment: the new one is current.
    }
  }

  /** Swaps in {@code fresh} and drops the locator's reference to the old one. Under reloadLock. */
  private void install(Loaded fresh) {
    Loaded old = current.getAndSet(fresh);
    failed = null;
    if (old != null) {
      old.release();
    }
    LOG.info("Reloaded {}: {} built {}", file, fresh.databaseType, fresh.built);
  }

  private void checkForChangeIfDue() {
    long now = clock.millis();
    long due = nextCheckMillis.get();
    // A clock set back by more than one interval must not postpone checks until it catches up.
    boolean elapsed = now - due >= 0 || due - now > checkIntervalMillis;
    if (!elapsed || !nextCheckMillis.compareAndSet(due, now + checkIntervalMillis)) {
      return; // not due, or another lookup is checking
    }
    if (!reloadLock.tryLock()) {
      return; // a reload is running right now
    }
    try {
      Loaded loaded = current.get();
      if (closed || loaded == null) {
        return;
      }
      FileStamp stamp = FileStamp.of(file);
      if (stamp.equals(loaded.stamp) || stamp.equals(failed)) {
        return;
      }
      if (stamp == FileStamp.MISSING) {
        failed = stamp;
        LOG.warn("IP location database {} is gone; still answering from the copy opened"
            + " earlier ({} built {})", file, loaded.databaseType, loaded.built);
        return;
      }
      try {
        install(Loaded.open(file));
      } catch (MmdbFileException e) {
        failed = stamp;
        LOG.warn("Keeping the IP location database opened earlier ({} built {}): {}",
            loaded.databaseType, loaded.built, e.getMessage());
      }
    } catch (RuntimeException e) {
      // A lookup must not fail because a check did (contract of IpLocator).
      LOG.warn("Checking IP location database {} for changes failed: {}", file,
          e.getClass().getName());
    } finally {
      reloadLock.unlock();
    }
  }

  private static String expected() {
    return "expected a MaxMind DB file of type " + String.join(", ", SUPPORTED_DATABASE_TYPES);
  }

  /** Configures an {@link MmdbIpLocator}. Not thread-safe; build once. */
  public static final class Builder {
    private final Path file;
    private Clock clock;
    private Duration checkInterval;

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * Makes lookups check the file at most once per {@code checkInterval} and open it again when
     * its modification time, size or identity (inode) changed. The check runs on the thread of
     * the lookup that finds it due and costs one file-attribute read; a reopen costs about a
     * millisecond, independent of the file's size. No thread is started. Without this call only
     * {@link MmdbIpLocator#reload()} reloads.
     *
     * @param checkInterval at least {@link MmdbIpLocator#MIN_CHECK_INTERVAL}
     * @param clock the clock that times the checks (the one given to Latchkey)
     * @return this builder
     * @throws IllegalArgumentException if {@code checkInterval} is shorter than
     *     {@link MmdbIpLocator#MIN_CHECK_INTERVAL}
     */
    public Builder reloadWhenChanged(Duration checkInterval, Clock clock) {
      Objects.requireNonNull(checkInterval, "checkInterval");
      Objects.requireNonNull(clock, "clock");
      if (checkInterval.compareTo(MIN_CHECK_INTERVAL) < 0) {
        throw new IllegalArgumentException("checkInterval must be at least "
            + MIN_CHECK_INTERVAL + "; got " + checkInterval);
      }
      this.checkInterval = checkInterval;
      this.clock = clock;
      return this;
    }

    /**
     * Opens the file.
     *
     * @return a locator over the file
     * @throws MmdbFileException if the file is missing, unreadable, malformed or of another type
     */
    public MmdbIpLocator build() {
      return new MmdbIpLocator(this);
    }
  }

  /** What identifies one version of the file: modification time, size and file key (inode). */
  private record FileStamp(Instant modified, long size, Object fileKey) {
    static final FileStamp MISSING = new FileStamp(Instant.EPOCH, -1, null);

    static FileStamp of(Path file) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(a.lastModifiedTime().toInstant(), a.size(), a.fileKey());
      } catch (IOException e) {
        return MISSING;
      }
    }
  }

  /** One opened file: its reader and reference count. Immutable but for the count and flag. */
  static final class Loaded {
    private final Path file;
    private final Reader reader;
    private final FileStamp stamp;
    private final String databaseType;
    private final Instant built;
    private final boolean ipv4Only;
    /** 1 while current, +1 per running lookup; the one who brings it to 0 closes the reader. */
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean warned = new AtomicBoolean();

    private Loaded(Path file, Reader reader, FileStamp stamp) {
      Metadata metadata = reader.getMetadata();
      this.file = file;
      this.reader = reader;
      this.stamp = stamp;
      this.databaseType = metadata.getDatabaseType();
      this.built = metadata.getBuildDate().toInstant();
      this.ipv4Only = metadata.getIpVersion() == 4;
    }

    /** Opens and checks a file; the reader is closed again if any check fails. */
    static Loaded open(Path file) {
      // Attributes first: if the file changes while we open it, the next check sees a change.
      FileStamp stamp = FileStamp.of(file);
      if (!Files.exists(file)) {
        throw new MmdbFileException(Problem.MISSING, "No IP location database at " + file
            + " (" + expected() + ")", null);
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new MmdbFileException(Problem.UNREADABLE, "IP location database " + file
            + " is not a readable file (" + expected() + ")", null);
      }
      Reader reader;
      try {
        reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED,
            new CHMCache(CACHED_RECORDS));
      } catch (InvalidDatabaseException | RuntimeException e) {
        throw malformed(file, e);
      } catch (IOException e) {
        // FileNotFoundException (gone since the check above, or no permission) and I/O errors.
        throw new MmdbFileException(Problem.UNREADABLE, "Cannot read IP location database "
            + file + " (" + expected() + ")", e);
      }
      try {
        Metadata metadata = reader.getMetadata();
        String type = metadata.getDatabaseType();
        if (metadata.getBinaryFormatMajorVersion() != 2
            || (metadata.getIpVersion() != 4 && metadata.getIpVersion() != 6)) {
          throw malformed(file, null);
        }
        if (!SUPPORTED_DATABASE_TYPES.contains(type)) {
          throw new MmdbFileException(Problem.UNSUPPORTED_TYPE, "IP location database " + file
              + " is of type '" + type + "' (" + expected() + ")", null);
        }
        Loaded loaded = new Loaded(file, reader, stamp);
        loaded.probe();
        return loaded;
      } catch (MmdbFileException e) {
        closeQuietly(reader);
        throw e;
      } catch (IOException | RuntimeException e) {
        closeQuietly(reader);
        throw malformed(file, e);
      }
    }

    private static MmdbFileException malformed(Path file, Exception cause) {
      return new MmdbFileException(Problem.MALFORMED, "IP location database " + file
          + " is not a valid MaxMind DB file"
          + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")")
          + "; " + expected(), cause);
    }

    /** Walks the tree and decodes for fixed addresses: a damaged tree fails here. */
    private void probe() throws IOException {
      for (byte[] probe : PROBES) {
        InetAddress address = InetAddress.getByAddress(probe);
        if (!(ipv4Only && address instanceof Inet6Address)) {
          reader.get(address, CityRecord.class);
        }
      }
    }

    Optional<Location> locate(InetAddress address) {
      if (ipv4Only && address instanceof Inet6Address) {
        return Optional.empty(); // MaxMind's reader would throw, naming the address
      }
      try {
        CityRecord record = reader.get(address, CityRecord.class);
        if (record == null || record.location().isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(record.location());
      } catch (IOException | RuntimeException | InternalError | StackOverflowError e) {
        // InternalError: how the JVM reports a fault in a mapped file truncated under it.
        // StackOverflowError: data nested deeper than the stack, which only a damaged or hostile
        // file holds; the stack is unwound by the time we are here.
        if (warned.compareAndSet(false, true)) {
          LOG.warn("IP location database {} ({}) cannot be read ({}); lookups that fail answer"
              + " \"unknown location\". Replace the file atomically and reload.", file,
              databaseType, e.getClass().getName());
        }
        return Optional.empty();
      }
    }

    boolean tryAcquire() {
      while (true) {
        int n = references.get();
        if (n == 0) {
          return false;
        }
        if (references.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }

    void release() {
      if (references.decrementAndGet() == 0) {
        closeQuietly(reader);
      }
    }

    /** Whether the reader has been closed, for white-box tests. */
    boolean isClosed() {
      return references.get() == 0;
    }

    private static void closeQuietly(Reader reader) {
      try {
        reader.close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("Closing an IP location database reader failed: {}", e.getClass().getName());
      }
    }
  }
}

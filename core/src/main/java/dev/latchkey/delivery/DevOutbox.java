package dev.latchkey.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A development stand-in for SMS and email: "delivers" every message into memory, where a test or
 * a development page ({@code /dev/outbox} in the demo) can read it.
 *
 * <h2>Not for production</h2>
 * It keeps the codes in memory <em>in clear text</em> and gives them to whoever asks: anyone who
 * can reach a page that shows it can sign in as anyone who enrolled a phone or address. Wire it
 * only in development and tests, never behind a public address.
 *
 * <p>Keeps the newest {@link #DEFAULT_CAPACITY} messages (or the capacity given), dropping the
 * oldest. Thread-safe.
 */
public final class DevOutbox implements MessageSender {
  /** Messages kept unless another capacity is given: 100. */
  public static final int DEFAULT_CAPACITY = 100;

  private final Clock clock;
  private final int capacity;
  private final Deque<Delivered> messages = new ArrayDeque<>();
  private long sequence;

  private DevOutbox(Clock clock, int capacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (capacity < 1 || capacity > 100_000) {
      throw new IllegalArgumentException(
          "Invalid capacity " + capacity + "; must be between 1 and 100000");
    }
    this.capacity = capacity;
  }

  /** An outbox keeping the newest {@value #DEFAULT_CAPACITY} messages, stamped with {@code clock}. */
  public static DevOutbox create(Clock clock) {
    return new DevOutbox(clock, DEFAULT_CAPACITY);
  }

  /** An outbox keeping the newest {@code capacity} (1 to 100000) messages. */
  public static DevOutbox create(Clock clock, int capacity) {
    return new DevOutbox(clock, capacity);
  }

  /** Keeps the message; always accepted, with the outbox's sequence number as provider id. */
  @Override
  public synchronized DeliveryResult deliver(Message message) {
    Objects.requireNonNull(message, "message");
    sequence++;
    messages.addLast(new Delivered(sequence, message, clock.instant()));
    while (messages.size() > capacity) {
      messages.removeFirst();
    }
    return new DeliveryResult.Accepted("dev-" + sequence);
  }

  /** Every kept message, newest first. */
  public synchronized List<Delivered> messages() {
    List<Delivered> out = new ArrayList<>(messages);
    java.util.Collections.reverse(out);
    return List.copyOf(out);
  }

  /** The newest message to {@code destination} (exactly as delivered), if any. */
  public synchronized Optional<Delivered> latestTo(String destination) {
    Objects.requireNonNull(destination, "destination");
    var it = messages.descendingIterator();
    while (it.hasNext()) {
      Delivered d = it.next();
      if (d.message().destination().equals(destination)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** Forgets every message. */
  public synchronized void clear() {
    messages.clear();
  }

  @Override
  public String toString() {
    return "DevOutbox[capacity=" + capacity + "]";
  }

  /**
   * One delivered message with its sequence number and time. Not a record: it holds the code;
   * {@link #toString()} leaves it out.
   */
  public static final class Delivered {
    private final long sequence;
    private final Message message;
    private final Instant at;

    Delivered(long sequence, Message message, Instant at) {
      this.sequence = sequence;
      this.message = message;
      this.at = at;
    }

    /** 1 for the outbox's first message, then counting up. */
    public long sequence() {
      return sequence;
    }

    /** The message, code included ({@code message().content().reveal()}). */
    public Message message() {
      return message;
    }

    /** When it was delivered. */
    public Instant at() {
      return at;
    }

    @Override
    public String toString() {
      return "Delivered[" + sequence + ", " + message + ", at=" + at + "]";
    }
  }
}

package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.InvalidationListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link InvalidationBus} must have, checked against the real service: each
 * {@link #newBus()} is a separate bus instance (its own connections), as in another process, on
 * the same channel.
 */
public abstract class InvalidationBusContract {
  private final List<InvalidationBus> buses = new ArrayList<>();

  /** For a bus's test class, which implements {@link #newBus()} and {@link #breakConnection}. */
  protected InvalidationBusContract() {}

  /** A new bus instance on the shared service and channel of this test; closed by the contract. */
  protected abstract InvalidationBus newBus();

  /**
   * Breaks {@code bus}'s subscription from the outside (kill its connection on the server, make
   * its polls fail), so that it must report {@link InvalidationListener#onConnectionLost()}.
   */
  protected abstract void breakConnection(InvalidationBus bus) throws Exception;

  /** Undoes {@link #breakConnection} where the bus cannot recover alone; by default nothing. */
  protected void repairConnection(InvalidationBus bus) throws Exception {}

  /** How long a delivery or a state change may take; 10 s by default. */
  protected Duration timeout() {
    return Duration.ofSeconds(10);
  }

  @AfterEach
  void closeBuses() {
    buses.forEach(InvalidationBus::close);
    buses.clear();
  }

  private InvalidationBus bus() {
    InvalidationBus bus = newBus();
    buses.add(bus);
    return bus;
  }

  /** Records what a subscriber hears, in order. */
  static final class Recorder implements InvalidationListener {
    static final Object CONNECTED = "connected";
    static final Object LOST = "lost";
    final BlockingQueue<Object> heard = new LinkedBlockingQueue<>();

    @Override
    public void onInvalidation(Invalidation invalidation) {
      heard.add(invalidation);
    }

    @Override
    public void onConnected() {
      heard.add(CONNECTED);
    }

    @Override
    public void onConnectionLost() {
      heard.add(LOST);
    }
  }

  /** Waits for {@code expected}, skipping anything else heard before it. */
  private void await(Recorder r, Object expected) throws InterruptedException {
    long deadline = System.nanoTime() + timeout().toNanos();
    List<Object> skipped = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      Object o = left <= 0 ? null : r.heard.poll(left, TimeUnit.NANOSECONDS);
      if (o == null) {
        fail("Did not hear " + expected + " within " + timeout() + "; heard " + skipped);
      }
      if (o.equals(expected)) {
        return;
      }
      skipped.add(o);
    }
  }

  private Recorder connected(InvalidationBus bus) throws InterruptedException {
    Recorder r = new Recorder();
    bus.subscribe(r);
    await(r, Recorder.CONNECTED);
    return r;
  }

  @Test
  void publishOnOneInstanceThenASubscriberOfAnotherHearsEveryKind() throws Exception {
    InvalidationBus a = bus();
    InvalidationBus b = bus();
    Recorder onB = connected(b);
    Set<Invalidation> sent = new HashSet<>();
    for (Invalidation.Kind kind : Invalidation.Kind.values()) {
      Invalidation i = new Invalidation(kind, "id-" + kind.code() + ":'\"\\%;--");
      sent.add(i);
      a.publish(i);
    }
    Set<Object> heard = new HashSet<>();
    long deadline = System.nanoTime() + timeout().toNanos();
    while (!heard.containsAll(sent)) {
      long left = deadline - System.nanoTime();
      Object o = left <= 0 ? null : onB.heard.poll(left, TimeUnit.NANOSECONDS);
      if (o == null) {
        fail("Heard only " + heard + " of " + sent + " within " + timeout());
      }
      heard.add(o);
    }
  }

  @Test
  void publishThenThePublishersOwnSubscriberHearsIt() throws Exception {
    InvalidationBus a = bus();
    Recorder onA = connected(a);
    a.publish(Invalidation.session("s-own"));
    await(onA, Invalidation.session("s-own"));
  }

  @Test
  void publishThenEverySubscriberOfEveryInstanceHearsIt() throws Exception {
    InvalidationBus a = bus();
    InvalidationBus b = bus();
    InvalidationBus c = bus();
    Recorder b1 = connected(b);
    Recorder b2 = connected(b);
    Recorder c1 = connected(c);
    a.publish(Invalidation.accountSessions("acct-1"));
    await(b1, Invalidation.accountSessions("acct-1"));
    await(b2, Invalidation.accountSessions("acct-1"));
    await(c1, Invalidation.accountSessions("acct-1"));
  }

  @Test
  void subscriptionClosedThenItHearsNothingMore() throws Exception {
    InvalidationBus a = bus();
    InvalidationBus b = bus();
    Recorder kept = connected(b);
    Recorder gone = new Recorder();
    InvalidationBus.Subscription s = b.subscribe(gone);
    await(gone, Recorder.CONNECTED);
    s.close();
    a.publish(Invalidation.apiKey("k-1"));
    await(kept, Invalidation.apiKey("k-1"));
    assertThat(gone.heard).doesNotContain(Invalidation.apiKey("k-1"));
  }

  @Test
  void connectionBrokenThenLostIsReportedAndTheBusReconnectsByItself() throws Exception {
    InvalidationBus a = bus();
    InvalidationBus b = bus();
    Recorder onB = connected(b);
    breakConnection(b);
    await(onB, Recorder.LOST);
    repairConnection(b);
    await(onB, Recorder.CONNECTED);
    a.publish(Invalidation.accountFactors("acct-after"));
    await(onB, Invalidation.accountFactors("acct-after"));
  }

  @Test
  void closedThenPublishDoesNotThrowAndDeliversNothing() throws Exception {
    InvalidationBus a = bus();
    Recorder onA = connected(a);
    a.close();
    a.publish(Invalidation.session("after-close"));
    InvalidationBus b = bus();
    Recorder onB = connected(b);
    b.publish(Invalidation.session("marker"));
    await(onB, Invalidation.session("marker"));
    assertThat(onA.heard).doesNotContain(Invalidation.session("after-close"),
        Invalidation.session("marker"));
  }
}

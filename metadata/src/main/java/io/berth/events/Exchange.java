package io.berth.events;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.berth.api.anys.AnyRegistry;
import io.berth.api.anys.Anys;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.UnavailableException;
import io.berth.api.filters.Filter;
import io.berth.api.filters.Filters;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.validation.Identifiers;
import io.berth.metadata.NamespaceRule;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event exchange: publishers hand envelopes to every subscriber whose filters match, from
 * all namespaces. Deliveries are serialized, so all subscribers see one order, and an event
 * published after another returned is delivered after it. Publishing never waits for a
 * subscriber (see {@link Subscription}); filters are evaluated on the publishing thread.
 *
 * <p>Validation and error texts follow containerd's exchange: a published event needs a valid
 * namespace and topic and is stamped with the current UTC time; a forwarded envelope needs a
 * valid namespace, a valid topic and a non-zero timestamp.
 */
public final class Exchange implements AutoCloseable {

  /** The default number of envelopes a subscriber may have waiting. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  /** Go's zero time, which containerd treats as "unset". */
  static final long GO_ZERO_TIME_SECONDS = -62135596800L;

  private final Clock clock;
  private final int capacity;
  private final AnyRegistry registry;
  private final CopyOnWriteArrayList<Subscription> subscribers = new CopyOnWriteArrayList<>();
  private final ReentrantLock delivery = new ReentrantLock();
  private volatile boolean closed;

  /** An exchange with the UTC clock, queues of {@link #DEFAULT_QUEUE_CAPACITY}, Berth's types. */
  public Exchange() {
    this(Clock.systemUTC(), DEFAULT_QUEUE_CAPACITY, Anys.registry());
  }

  /**
   * @param registry the payload types {@code event.<field>} filters can look into
   */
  public Exchange(Clock clock, int queueCapacity, AnyRegistry registry) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity must be positive: " + queueCapacity);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.capacity = queueCapacity;
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Publishes a payload message, packed with its unprefixed type URL (an Any is sent as is). */
  public Envelope publish(String namespace, String topic, Message event) {
    if (event instanceof Any any) {
      return publish(namespace, topic, any);
    }
    return publish(namespace, topic, Anys.pack(event));
  }

  /**
   * Publishes an event into a namespace, stamped with the current time, and returns the
   * envelope that was delivered.
   *
   * @throws io.berth.api.errors.FailedPreconditionException {@code failed publishing event:
   *     namespace is required}
   * @throws InvalidArgumentException for a bad namespace or {@code envelope topic "<t>": …}
   */
  public Envelope publish(String namespace, String topic, Any event) {
    try {
      NamespaceRule.require(namespace);
    } catch (BerthException e) {
      throw e.withPrefix("failed publishing event");
    }
    Topics.validate(topic);
    Objects.requireNonNull(event, "event");
    Instant now = clock.instant();
    Envelope envelope = Envelope.newBuilder()
        .setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setNamespace(namespace)
        .setTopic(topic)
        .setEvent(event)
        .build();
    deliver(envelope);
    return envelope;
  }

  /**
   * Delivers an envelope made elsewhere (a shim), unchanged.
   *
   * @throws InvalidArgumentException {@code event envelope has invalid namespace: …},
   *     {@code envelope topic "<t>": …} or {@code timestamp must be set on forwarded event}
   */
  public void forward(Envelope envelope) {
    try {
      Identifiers.validate(envelope.getNamespace());
    } catch (InvalidArgumentException e) {
      throw e.withPrefix("event envelope has invalid namespace");
    }
    Topics.validate(envelope.getTopic());
    if (!envelope.hasTimestamp() || (envelope.getTimestamp().getSeconds() == GO_ZERO_TIME_SECONDS
        && envelope.getTimestamp().getNanos() == 0)) {
      throw new InvalidArgumentException("timestamp must be set on forwarded event");
    }
    if (!envelope.hasEvent()) {
      throw new InvalidArgumentException("event must be set on forwarded event");
    }
    deliver(envelope);
  }

  private void deliver(Envelope envelope) {
    if (closed) {
      return;
    }
    EnvelopeAdaptor adaptor = new EnvelopeAdaptor(envelope, registry);
    delivery.lock();
    try {
      for (Subscription s : subscribers) {
        if (s.filter().match(adaptor) && !s.offer(envelope)) {
          subscribers.remove(s);
        }
      }
    } finally {
      delivery.unlock();
    }
  }

  /** As {@link #subscribe(List)}. */
  public Subscription subscribe(String... filters) {
    return subscribe(List.of(filters));
  }

  /**
   * Subscribes to the envelopes of all namespaces that match any of the filters (all when
   * none). Filter fields: {@code namespace}, {@code topic}, {@code event.<field>}.
   *
   * @throws InvalidArgumentException {@code failed parsing subscription filters: filters: parse
   *     error: …}
   * @throws UnavailableException when the exchange is closed
   */
  public Subscription subscribe(List<String> filters) {
    Filter filter;
    try {
      filter = Filters.parse(filters);
    } catch (InvalidArgumentException e) {
      throw e.withPrefix("failed parsing subscription filters");
    }
    Subscription[] self = new Subscription[1];
    Subscription s = new Subscription(filter, capacity, () -> subscribers.remove(self[0]));
    self[0] = s;
    subscribers.add(s);
    if (closed) {
      s.close();
      throw new UnavailableException("event exchange is closed");
    }
    return s;
  }

  /** The number of live subscriptions. */
  public int subscriberCount() {
    return subscribers.size();
  }

  /** Ends every subscription; later publications are dropped. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (Subscription s : subscribers) {
      s.close();
    }
    subscribers.clear();
  }
}

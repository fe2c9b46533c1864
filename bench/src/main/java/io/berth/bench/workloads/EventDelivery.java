package io.berth.bench.workloads;

import io.berth.api.anys.Anys;
import io.berth.api.events.ContainerCreate;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.services.events.v1.PublishRequest;
import io.berth.api.services.events.v1.SubscribeRequest;
import io.berth.bench.run.Clients;
import io.berth.bench.run.Sample;
import io.berth.bench.run.Scale;
import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.RemoteTarget;
import io.berth.bench.targets.Target;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Events delivered per second to n subscribers. Each subscriber has its own connection and
 * filters on a fresh namespace. {@value #PUBLISHERS} publishers call Events.Publish for a fixed
 * time; the clock stops when every subscriber has received every published event.
 */
final class EventDelivery implements Workload {

  static final int PUBLISHERS = 4;
  private static final String LOAD = "/bench/load";
  private static final String READY = "/bench/ready";
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);

  private final int subscribers;

  EventDelivery(int subscribers) {
    this.subscribers = subscribers;
  }

  @Override
  public String name() {
    return "events.delivered";
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of("subscribers", subscribers);
  }

  @Override
  public String unit() {
    return "events/s";
  }

  @Override
  public OptionalDouble targetRatio() {
    return OptionalDouble.empty();
  }

  @Override
  public boolean supports(Target target) {
    return target instanceof RemoteTarget r && r.maxClients() >= subscribers + PUBLISHERS;
  }

  @Override
  public Duration warmup(Scale scale) {
    return scale.warmup();
  }

  @Override
  public Sample run(Target target, Session session) {
    RemoteTarget remote = (RemoteTarget) target;
    String ns = session.freshNamespace("events");
    List<Subscriber> subs = new ArrayList<>();
    try {
      for (int i = 0; i < subscribers; i++) {
        subs.add(new Subscriber(remote, i, ns));
      }
      awaitReady(remote, ns, subs);
      long start = System.nanoTime();
      AtomicLong seq = new AtomicLong();
      Sample published = Clients.forDuration(PUBLISHERS, session.scale().measure(),
          c -> publish(remote, subscribers + c, ns, LOAD, seq.incrementAndGet()));
      long n = published.operations();
      long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
      long end = start;
      for (Subscriber s : subs) {
        s.awaitCount(n, deadline);
        end = Math.max(end, s.lastReceipt.get());
      }
      return new Sample(n * subscribers, Math.max(1, end - start));
    } finally {
      subs.forEach(Subscriber::cancel);
    }
  }

  private void awaitReady(RemoteTarget remote, String ns, List<Subscriber> subs) {
    long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
    long probe = 0;
    while (!subs.stream().allMatch(s -> s.ready)) {
      if (System.nanoTime() > deadline) {
        throw new WorkloadFailure("subscribers did not see a probe event within " + SETTLE_LIMIT);
      }
      for (Subscriber s : subs) {
        s.check();
      }
      publish(remote, subscribers, ns, READY, ++probe);
      sleep(20);
    }
  }

  private static void publish(RemoteTarget remote, int client, String ns, String topic, long n) {
    ContainerCreate event = ContainerCreate.newBuilder()
        .setId("c-" + n)
        .setImage("docker.io/library/busybox:latest")
        .setRuntime(ContainerCreate.Runtime.newBuilder().setName("io.containerd.runc.v2"))
        .build();
    remote.client(client).withNamespace(ns).events()
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .publish(PublishRequest.newBuilder().setTopic(topic).setEvent(Anys.pack(event)).build());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkloadFailure("interrupted", e);
    }
  }

  /** One subscription, counting load events and noting when the last one arrived. */
  private static final class Subscriber implements ClientResponseObserver<SubscribeRequest, Envelope> {
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastReceipt = new AtomicLong();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private volatile boolean ready;
    private volatile boolean cancelled;
    private volatile ClientCallStreamObserver<SubscribeRequest> call;

    Subscriber(RemoteTarget remote, int client, String ns) {
      remote.client(client).stubs().eventsAsync().subscribe(
          SubscribeRequest.newBuilder().addFilters("namespace==" + ns).build(), this);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
      this.call = requestStream;
    }

    @Override
    public void onNext(Envelope envelope) {
      if (envelope.getTopic().equals(LOAD)) {
        count.incrementAndGet();
        lastReceipt.set(System.nanoTime());
      } else if (envelope.getTopic().equals(READY)) {
        ready = true;
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!cancelled) {
        error.compareAndSet(null, t);
      }
    }

    @Override
    public void onCompleted() {
      error.compareAndSet(null, new IllegalStateException("the server ended the subscription"));
    }

    void check() {
      Throwable t = error.get();
      if (t != null) {
        throw new WorkloadFailure("subscription failed: " + t, t);
      }
    }

    void awaitCount(long n, long deadline) {
      while (count.get() < n) {
        check();
        if (System.nanoTime() > deadline) {
          throw new WorkloadFailure("a subscriber received " + count.get() + " of " + n
              + " events within " + SETTLE_LIMIT);
        }
        sleep(1);
      }
      if (count.get() > n) {
        throw new WorkloadFailure("a subscriber received " + count.get() + " events; "
            + n + " were published");
      }
    }

    void cancel() {
      cancelled = true;
      if (call != null) {
        call.cancel("benchmark repetition over", null);
      }
    }
  }
}

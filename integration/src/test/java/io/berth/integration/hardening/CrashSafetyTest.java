package io.berth.integration.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.berth.api.client.BerthClient;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.ContainersGrpc.ContainersBlockingStub;
import io.berth.api.services.containers.v1.CreateContainerRequest;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.containers.v1.UpdateContainerRequest;
import io.berth.daemon.Berth;
import io.berth.integration.harness.Berthd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * berthd killed with SIGKILL at random moments while writers create containers and update them
 * through gRPC. After every restart: every acknowledged write is there, nothing is half-applied
 * (each Update sets labels a and b together: both or neither), nothing unwritten appears, and
 * the store opens without repair. The seed is printed so that a failing run can be replayed.
 */
class CrashSafetyTest {

  private static final int KILLS = 20;
  private static final int WRITERS = 4;
  private static final String NS = "crash";
  private static final long CALL_DEADLINE_SECONDS = 20;
  private static final byte[] SPEC =
      "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"/bin/true\"]}}"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void acknowledgedWritesSurviveSigkillAndUpdatesAreAllOrNothing() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("CrashSafetyTest seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
    Random random = new Random(seed);
    WriteLedger ledger = new WriteLedger();
    int acknowledged = 0;
    try (Berthd berthd = new Berthd()) {
      berthd.start();
      for (int round = 0; round < KILLS; round++) {
        try (BerthClient client = BerthClient.connect(berthd.socket())) {
          if (round > 0) {
            assertThat(ledger.reconcile(stored(client))).as("after kill %d", round).isEmpty();
          }
          Round r = new Round(client, ledger, round, new Random(random.nextLong()));
          r.start();
          r.awaitAcknowledged(3 + random.nextInt(20));
          Thread.sleep(random.nextInt(150));
          r.killing();
          berthd.kill();
          r.join();
          acknowledged += r.acknowledged.get();
        }
        berthd.start();
      }
      try (BerthClient client = BerthClient.connect(berthd.socket())) {
        assertThat(ledger.reconcile(stored(client))).as("after the last kill").isEmpty();
      }
      berthd.stop();
      String log = Files.readString(berthd.log());
      assertThat(log).as("berthd log").contains("Berthd: stopped");
      assertThat(log.lines().filter(l -> l.contains("ERROR") || l.contains("SEVERE")
          || l.toLowerCase().contains("repair") || l.toLowerCase().contains("corrupt")))
          .as("berthd log").isEmpty();

      // The same root opens in-process (RocksDB recovers from its WAL; nothing is repaired)
      // and holds the same containers.
      try (Berth berth = Berth.open(berthd.root())) {
        Map<String, Map<String, String>> embedded = new HashMap<>();
        for (io.berth.metadata.Container c : berth.containers().list(NS, List.of())) {
          embedded.put(c.id(), c.labels());
          assertThat(c.spec().value()).as("spec of %s", c.id()).isEqualTo(SPEC);
        }
        assertThat(ledger.reconcile(embedded)).as("opened in-process").isEmpty();
      }
    }
    System.out.println("CrashSafetyTest: " + KILLS + " kills, " + acknowledged
        + " acknowledged writes, " + ledger.size() + " containers");
    assertThat(acknowledged).as("acknowledged writes").isGreaterThan(KILLS * 3);
  }

  /** What the store shows: id -> labels, checking each record's spec and runtime. */
  private static Map<String, Map<String, String>> stored(BerthClient client) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (Container c : containers(client).list(ListContainersRequest.getDefaultInstance())
        .getContainersList()) {
      assertThat(c.getSpec().getValue().toByteArray()).as("spec of %s", c.getId())
          .isEqualTo(SPEC);
      assertThat(c.getRuntime().getName()).isEqualTo("io.containerd.runc.v2");
      out.put(c.getId(), c.getLabelsMap());
    }
    return out;
  }

  private static ContainersBlockingStub containers(BerthClient client) {
    return client.withNamespace(NS).containers()
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * One life of berthd: writers create (a=b=0) and update (a=b=n, one Update with two paths)
   * their own containers until a call fails. A failure before the kill fails the test.
   */
  private static final class Round {
    private final BerthClient client;
    private final WriteLedger ledger;
    private final int round;
    private final Random random;
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicReference<Throwable> early = new AtomicReference<>();
    private volatile boolean killing;

    Round(BerthClient client, WriteLedger ledger, int round, Random random) {
      this.client = client;
      this.ledger = ledger;
      this.round = round;
      this.random = random;
    }

    void start() {
      List<String> existing = ledger.createdIds();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        List<String> mine = new ArrayList<>(
            existing.stream().filter(id -> id.startsWith("w" + writer + "-")).toList());
        long seed = random.nextLong();
        writers.add(Thread.ofPlatform().name("crash-writer-" + w)
            .start(() -> write(writer, mine, new Random(seed))));
      }
    }

    private void write(int writer, List<String> mine, Random rnd) {
      int n = 0;
      try {
        while (true) {
          n++;
          if (mine.isEmpty() || rnd.nextInt(10) < 3) {
            String id = "w" + writer + "-r" + round + "-" + n;
            WriteLedger.Entry e = ledger.creating(id);
            containers(client).create(CreateContainerRequest.newBuilder()
                .setContainer(Container.newBuilder().setId(id)
                    .putLabels("a", "0").putLabels("b", "0")
                    .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
                    .setSpec(Any.newBuilder()
                        .setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/Spec")
                        .setValue(ByteString.copyFrom(SPEC))))
                .build());
            WriteLedger.acknowledgedCreate(e);
            mine.add(id);
          } else {
            String id = mine.get(rnd.nextInt(mine.size()));
            String value = round + "." + writer + "." + n;
            WriteLedger.Entry e = ledger.entry(id);
            WriteLedger.updating(e, value);
            containers(client).update(UpdateContainerRequest.newBuilder()
                .setContainer(Container.newBuilder().setId(id)
                    .putLabels("a", value).putLabels("b", value))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.a").addPaths("labels.b"))
                .build());
            WriteLedger.acknowledgedUpdate(e, value);
          }
          acknowledged.incrementAndGet();
        }
      } catch (RuntimeException e) {
        if (!killing) {
          early.compareAndSet(null, e);
        }
      }
    }

    void awaitAcknowledged(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acknowledged.get() < n && early.get() == null && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertThat(early.get()).as("a write failed before berthd was killed").isNull();
      assertThat(acknowledged.get()).as("acknowledged writes within 30 s").isGreaterThanOrEqualTo(n);
    }

    void killing() {
      killing = true;
    }

    void join() throws InterruptedException {
      for (Thread t : writers) {
        t.join(TimeUnit.SECONDS.toMillis(CALL_DEADLINE_SECONDS + 10));
        assertThat(t.isAlive()).as("writer stopped after the kill").isFalse();
      }
      assertThat(early.get()).as("a write failed before berthd was killed").isNull();
    }
  }
}

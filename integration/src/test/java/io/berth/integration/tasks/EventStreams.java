package io.berth.integration.tasks;

import io.berth.integration.harness.BackgroundCtr;
import io.berth.integration.harness.Ctr;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ctr events} started and known to be subscribed: a probe event (a namespace label) is
 * published until the stream shows it, then the stream is emptied, so no event of the test that
 * follows can be missed.
 */
final class EventStreams {
    private static final AtomicInteger PROBES = new AtomicInteger();

    private EventStreams() {
    }

    static BackgroundCtr subscribe(Ctr ctr, String namespace) {
        ctr.run("namespaces", "create", namespace);
        BackgroundCtr events = ctr.start("-n", namespace, "events");
        try {
            long deadline = System.nanoTime() + Poll.LIMIT.toNanos();
            while (true) {
                String probe = "berth.probe=" + PROBES.incrementAndGet();
                Ctr.Result r = ctr.run("namespaces", "label", namespace, probe);
                if (r.exitCode() != 0) {
                    throw new AssertionError(r.transcript());
                }
                try {
                    events.awaitLine(l -> l.contains("/namespaces/update") && l.contains(probe.replace("=", "\":\"")),
                            Duration.ofSeconds(2));
                    break;
                } catch (AssertionError notYet) {
                    if (System.nanoTime() > deadline || !events.alive()) {
                        throw notYet;
                    }
                }
            }
            ctr.run("namespaces", "label", namespace, "berth.probe=");
            events.awaitLine(l -> l.contains("/namespaces/update") && l.contains("\"berth.probe\":\"\""), Poll.LIMIT);
            events.drop(events.lines().size());
            return events;
        } catch (RuntimeException | AssertionError e) {
            events.close();
            throw e;
        }
    }
}

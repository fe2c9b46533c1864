package io.berth.integration.tasks;

import io.berth.integration.harness.Ctr;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a state rather than sleeping: the condition is polled until it holds; the limit
 * only stops a broken run from hanging, so it is generous (the machine may be loaded).
 */
final class Poll {
    static final Duration LIMIT = Duration.ofSeconds(120);

    private Poll() {
    }

    static void until(String what, BooleanSupplier condition, Supplier<String> seen) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + LIMIT + " waiting for " + what + "; last seen:\n"
                        + seen.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until {@code ctr -n NS tasks ls} shows the task with {@code status}. */
    static void status(Ctr ctr, String namespace, String id, String status) {
        String[] last = {""};
        until(id + " " + status, () -> {
            last[0] = ctr.run("-n", namespace, "tasks", "ls").stdout();
            return last[0].lines().anyMatch(l -> l.split("\\s+")[0].equals(id) && l.contains(status));
        }, () -> last[0]);
    }

    /** Waits until {@code ctr -n NS tasks ls} no longer lists the task. */
    static void gone(Ctr ctr, String namespace, String id) {
        String[] last = {""};
        until(id + " gone", () -> {
            last[0] = ctr.run("-n", namespace, "tasks", "ls").stdout();
            return last[0].lines().noneMatch(l -> l.split("\\s+")[0].equals(id));
        }, () -> last[0]);
    }
}

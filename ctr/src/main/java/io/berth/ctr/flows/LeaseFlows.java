package io.berth.ctr.flows;

import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.services.leases.v1.CreateRequest;
import io.berth.api.services.leases.v1.DeleteRequest;
import io.berth.api.services.leases.v1.Lease;
import io.berth.ctr.Session;
import io.berth.ctr.format.GoTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/** containerd's Go client flows for leases. */
public final class LeaseFlows {

  /** The label that makes the garbage collector drop a lease after the given time. */
  public static final String EXPIRE_LABEL = "containerd.io/gc.expire";

  /** How long the lease of {@code client.WithLease} lives if its holder never deletes it. */
  public static final Duration DEFAULT_EXPIRATION = Duration.ofHours(24);

  private static final SecureRandom RANDOM = new SecureRandom();

  private LeaseFlows() {}

  /** {@code leases.WithRandomID}: the clock's nanoseconds within the second, a dash, 3 random bytes in URL base64. */
  public static String randomId(Instant now) {
    byte[] b = new byte[3];
    RANDOM.nextBytes(b);
    return now.getNano() + "-" + Base64.getUrlEncoder().encodeToString(b);
  }

  /** {@code leases.WithExpiration}: the expiry label's value, RFC 3339 in the local zone. */
  public static String expiry(Instant now, Duration d, ZoneId zone) {
    return GoTime.rfc3339(now.plus(d), zone);
  }

  /**
   * {@code client.WithLease} around {@code body}: {@code Leases.Create} with a random id expiring
   * in 24 hours, {@code body} with stubs that carry the lease header, then {@code Leases.Delete}
   * (whose failure is ignored, as in Go).
   */
  public static <T> T withLease(Stubs stubs, Instant now, ZoneId zone, Function<Stubs, T> body) {
    Lease lease =
        Session.call(
                () ->
                    stubs
                        .leases()
                        .create(
                            CreateRequest.newBuilder()
                                .setId(randomId(now))
                                .putAllLabels(Map.of(EXPIRE_LABEL, expiry(now, DEFAULT_EXPIRATION, zone)))
                                .build()))
            .getLease();
    try {
      return body.apply(stubs.withLease(lease.getId()));
    } finally {
      try {
        Session.call(
            () -> stubs.leases().delete(DeleteRequest.newBuilder().setId(lease.getId()).build()));
      } catch (BerthException e) {
        // the lease expires on its own
      }
    }
  }
}

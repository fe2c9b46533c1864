package io.berth.daemon.wire;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Instants on the wire, as containerd's gogo {@code stdtime} timestamps carry them. */
public final class Timestamps {

  private Timestamps() {}

  public static Timestamp toProto(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}

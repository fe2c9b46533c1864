package io.berth.shim.server;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Instants as protobuf Timestamps and back. */
public final class ProtoTime {
    private ProtoTime() {
    }

    public static Timestamp of(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    public static Instant toInstant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}

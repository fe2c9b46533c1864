package io.berth.ctr.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.services.leases.v1.Lease;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records {@code --format json} prints: stable (fixed field order, map keys sorted, times in
 * RFC 3339 UTC with nanoseconds), indented by Jackson.
 */
public final class JsonRecords {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private static final ObjectWriter LINE_WRITER =
      MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

  private JsonRecords() {}

  /** {@code value} as indented JSON with a trailing newline. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** A protobuf Any: its type URL and base64 value. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record AnyRecord(String typeUrl, String value) {
    public static AnyRecord of(Any any) {
      return new AnyRecord(any.getTypeUrl(), Base64.getEncoder().encodeToString(any.getValue().toByteArray()));
    }
  }

  public record NamespaceRecord(String name, Map<String, String> labels) {
    public NamespaceRecord {
      labels = new TreeMap<>(labels);
    }
  }

  public record RuntimeRecord(String name, @JsonInclude(JsonInclude.Include.NON_NULL) AnyRecord options) {}

  /** A container; {@code spec} only for {@code info}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ContainerRecord(
      String id,
      Map<String, String> labels,
      String image,
      RuntimeRecord runtime,
      String snapshotter,
      String snapshotKey,
      String createdAt,
      String updatedAt,
      Map<String, AnyRecord> extensions,
      JsonNode spec) {

    public static ContainerRecord of(Container c, JsonNode spec) {
      Map<String, AnyRecord> ext = new TreeMap<>();
      c.getExtensionsMap().forEach((k, v) -> ext.put(k, AnyRecord.of(v)));
      return new ContainerRecord(
          c.getId(),
          new TreeMap<>(c.getLabelsMap()),
          c.getImage(),
          new RuntimeRecord(
              c.getRuntime().getName(),
              c.getRuntime().hasOptions() ? AnyRecord.of(c.getRuntime().getOptions()) : null),
          c.getSnapshotter(),
          c.getSnapshotKey(),
          time(c.hasCreatedAt() ? c.getCreatedAt() : null),
          time(c.hasUpdatedAt() ? c.getUpdatedAt() : null),
          ext,
          spec);
    }
  }

  public record LeaseRecord(String id, String createdAt, Map<String, String> labels) {
    public static LeaseRecord of(Lease l) {
      return new LeaseRecord(
          l.getId(), time(l.hasCreatedAt() ? l.getCreatedAt() : null), new TreeMap<>(l.getLabelsMap()));
    }
  }

  /** An event; {@code event} is the decoded payload, null when absent or of an unknown type. */
  public record EventRecord(String timestamp, String namespace, String topic, String type, JsonNode event) {
    public static EventRecord of(Envelope e, JsonNode payload) {
      return new EventRecord(
          time(e.hasTimestamp() ? e.getTimestamp() : null),
          e.getNamespace(),
          e.getTopic(),
          e.hasEvent() ? e.getEvent().getTypeUrl() : "",
          payload);
    }
  }

  public record VersionSide(String version, String revision, @JsonInclude(JsonInclude.Include.NON_NULL) String uuid) {}

  public record VersionRecord(VersionSide client, VersionSide server) {}

  static String time(Timestamp ts) {
    return GoTime.rfc3339Nano(GoTime.instant(ts));
  }

  /** One JSON document on one line, for streams such as events. */
  public static String line(Object value) {
    try {
      return LINE_WRITER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}

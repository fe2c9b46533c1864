package io.berth.ctr.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.berth.api.anys.Anys;
import io.berth.api.errors.NotFoundException;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.services.leases.v1.Lease;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** ctr 1.6's text output, byte for byte, for the records the CLI prints. */
public final class CtrText {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CtrText() {}

  /** A namespace with its labels, one row of {@code ns ls}. */
  public record NamespaceRow(String name, Map<String, String> labels) {
    public NamespaceRow {
      labels = Map.copyOf(labels);
    }
  }

  /** {@code ctr namespaces ls}: NAME and LABELS ({@code k=v} sorted, comma-separated). */
  public static String namespaces(List<NamespaceRow> rows) {
    StringBuilder out = new StringBuilder();
    TabWriter tw = TabWriter.narrow(out);
    tw.write("NAME\tLABELS\t\n");
    for (NamespaceRow row : rows) {
      tw.write(row.name() + "\t" + labelPairs(row.labels(), "") + "\t\n");
    }
    tw.flush();
    return out.toString();
  }

  /** {@code ctr containers ls}: CONTAINER, IMAGE ({@code -} when empty) and RUNTIME. */
  public static String containers(List<Container> containers) {
    StringBuilder out = new StringBuilder();
    TabWriter tw = TabWriter.wide(out);
    tw.write("CONTAINER\tIMAGE\tRUNTIME\t\n");
    for (Container c : containers) {
      String image = c.getImage().isEmpty() ? "-" : c.getImage();
      tw.write(c.getId() + "\t" + image + "\t" + c.getRuntime().getName() + "\t\n");
    }
    tw.flush();
    return out.toString();
  }

  /**
   * {@code ctr leases ls}: ID, CREATED AT (RFC 3339 in the local zone) and LABELS ({@code -}
   * when there are none).
   */
  public static String leases(List<Lease> leases, ZoneId zone) {
    StringBuilder out = new StringBuilder();
    TabWriter tw = TabWriter.narrow(out);
    tw.write("ID\tCREATED AT\tLABELS\t\n");
    for (Lease l : leases) {
      String created = GoTime.rfc3339(GoTime.instant(l.hasCreatedAt() ? l.getCreatedAt() : null), zone);
      tw.write(l.getId() + "\t" + created + "\t" + labelPairs(l.getLabelsMap(), "-") + "\t\n");
    }
    tw.flush();
    return out.toString();
  }

  /** {@code k=v} pairs sorted and joined by commas, or {@code none} when there are no labels. */
  public static String labelPairs(Map<String, String> labels, String none) {
    if (labels.isEmpty()) {
      return none;
    }
    List<String> pairs = new ArrayList<>();
    labels.forEach((k, v) -> pairs.add(k + "=" + v));
    pairs.sort(GoOrder.STRINGS);
    return String.join(",", pairs);
  }

  /**
   * {@code ctr containers info}: the container as Go's {@code json.MarshalIndent} writes
   * containerd's {@code containers.Container}, with the decoded spec last; with {@code specOnly},
   * just the spec.
   *
   * @throws NotFoundException if the spec's type URL is unknown ({@code type with url X})
   * @throws io.berth.ctr.spec.GoRoundTrip.DecodeException if the spec does not fit the OCI types
   */
  public static String containerInfo(Container c, boolean specOnly) {
    boolean hasSpecValue = c.hasSpec() && !c.getSpec().getValue().isEmpty();
    if (specOnly) {
      return GoJson.indent(SpecJson.decode(c.getSpec())) + "\n";
    }
    ObjectNode info = NODES.objectNode();
    info.put("ID", c.getId());
    info.set("Labels", c.getLabelsCount() == 0 ? NullNode.instance : sortedStrings(c.getLabelsMap()));
    info.put("Image", c.getImage());
    ObjectNode runtime = info.putObject("Runtime");
    runtime.put("Name", c.getRuntime().getName());
    runtime.set(
        "Options",
        c.getRuntime().hasOptions() ? ProtoGoJson.tree(c.getRuntime().getOptions()) : NullNode.instance);
    if (!hasSpecValue) {
      info.set("Spec", c.hasSpec() ? ProtoGoJson.tree(c.getSpec()) : NullNode.instance);
    }
    info.put("SnapshotKey", c.getSnapshotKey());
    info.put("Snapshotter", c.getSnapshotter());
    info.put("CreatedAt", GoTime.rfc3339Nano(GoTime.instant(c.hasCreatedAt() ? c.getCreatedAt() : null)));
    info.put("UpdatedAt", GoTime.rfc3339Nano(GoTime.instant(c.hasUpdatedAt() ? c.getUpdatedAt() : null)));
    if (c.getExtensionsCount() == 0) {
      info.set("Extensions", NullNode.instance);
    } else {
      ObjectNode ext = info.putObject("Extensions");
      List<String> keys = new ArrayList<>(c.getExtensionsMap().keySet());
      keys.sort(GoOrder.STRINGS);
      keys.forEach(k -> ext.set(k, ProtoGoJson.tree(c.getExtensionsMap().get(k))));
    }
    if (hasSpecValue) {
      info.set("Spec", SpecJson.decode(c.getSpec()));
    }
    return GoJson.indent(info) + "\n";
  }

  /** One line of {@code ctr events}, or a warning when the payload's type is unknown. */
  public record EventText(Optional<String> line, Optional<String> warning) {}

  /**
   * {@code ctr events}: {@code <time> <namespace> <topic> <payload JSON>}; the payload is empty
   * when the envelope has none. Payloads of unknown types give a warning instead of a line.
   */
  public static EventText event(Envelope e) {
    String payload = "";
    if (e.hasEvent()) {
      Optional<Message> decoded = decodeExact(e.getEvent());
      if (decoded.isEmpty()) {
        return new EventText(
            Optional.empty(), Optional.of("type with url " + e.getEvent().getTypeUrl() + ": not found"));
      }
      payload = GoJson.compact(ProtoGoJson.tree(decoded.get()));
    }
    String time = GoTime.string(GoTime.instant(e.hasTimestamp() ? e.getTimestamp() : null));
    return new EventText(
        Optional.of(time + " " + e.getNamespace() + " " + e.getTopic() + " " + payload + "\n"),
        Optional.empty());
  }

  /** ctr resolves payload URLs exactly: a {@code type.googleapis.com/} prefix is unknown to it. */
  static Optional<Message> decodeExact(Any any) {
    if (!Anys.registry().typeNames().contains(any.getTypeUrl())) {
      return Optional.empty();
    }
    return Anys.decode(any);
  }

  /** {@code ctr version}'s lines for one side. */
  public static String versionBlock(String title, String version, String revision, String extraLine) {
    return title + ":\n  Version:  " + version + "\n  Revision: " + revision + "\n" + extraLine;
  }

  private static JsonNode sortedStrings(Map<String, String> map) {
    ObjectNode node = NODES.objectNode();
    List<String> keys = new ArrayList<>(map.keySet());
    keys.sort(GoOrder.STRINGS);
    keys.forEach(k -> node.put(k, map.get(k)));
    return node;
  }
}

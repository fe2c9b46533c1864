package io.berth.events;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.berth.api.anys.AnyRegistry;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.filters.Adaptor;
import io.berth.api.services.events.v1.Envelope;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The filterable fields of an event envelope, as containerd exposes them: {@code namespace} and
 * {@code topic} (present when not empty) and {@code event.<path>} into the decoded payload.
 *
 * <p>Payload fields follow containerd's generated field-path code, for the event types that
 * have it ({@code containerd.events.*} and the image events): a string is present when not
 * empty, a bool is always present as {@code true}/{@code false}, a {@code map<string,string>}
 * is looked up with the rest of the path joined by {@code .} (absent when the map is empty), a
 * set message field is descended into (an Any is decoded first); numbers, timestamps, bytes and
 * repeated fields cannot be filtered. The payload is decoded at most once per envelope.
 */
final class EnvelopeAdaptor implements Adaptor {

  private static final Set<String> IMAGE_EVENTS = Set.of(
      "containerd.services.images.v1.ImageCreate",
      "containerd.services.images.v1.ImageUpdate",
      "containerd.services.images.v1.ImageDelete");

  private final Envelope envelope;
  private final AnyRegistry registry;
  private Optional<Message> payload;

  EnvelopeAdaptor(Envelope envelope, AnyRegistry registry) {
    this.envelope = envelope;
    this.registry = registry;
  }

  @Override
  public Optional<String> field(List<String> path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    return switch (path.getFirst()) {
      case "namespace" -> nonEmpty(envelope.getNamespace());
      case "topic" -> nonEmpty(envelope.getTopic());
      case "event" -> payload().flatMap(m -> messageField(m, path.subList(1, path.size())));
      default -> Optional.empty();
    };
  }

  private Optional<Message> payload() {
    if (payload == null) {
      payload = envelope.hasEvent() ? decode(envelope.getEvent()) : Optional.empty();
    }
    return payload;
  }

  /** The decoded message of an Any, if it is an event type with filterable fields. */
  private Optional<Message> decode(Any any) {
    try {
      return registry.decode(any).filter(m -> hasFieldPaths(m.getDescriptorForType()));
    } catch (InvalidArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean hasFieldPaths(Descriptor type) {
    return type.getFile().getPackage().equals("containerd.events")
        || IMAGE_EVENTS.contains(type.getFullName());
  }

  private Optional<String> messageField(Message m, List<String> path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    FieldDescriptor f = m.getDescriptorForType().findFieldByName(path.getFirst());
    if (f == null) {
      return Optional.empty();
    }
    List<String> rest = path.subList(1, path.size());
    if (f.isMapField()) {
      return stringMapEntry(m, f, String.join(".", rest));
    }
    if (f.isRepeated()) {
      return Optional.empty();
    }
    return switch (f.getJavaType()) {
      case STRING -> nonEmpty((String) m.getField(f));
      case BOOLEAN -> Optional.of(String.valueOf(m.getField(f)));
      case MESSAGE -> {
        if (!m.hasField(f)) {
          yield Optional.empty();
        }
        Message sub = (Message) m.getField(f);
        String type = f.getMessageType().getFullName();
        if (type.equals("google.protobuf.Any")) {
          yield decode((Any) sub).flatMap(d -> messageField(d, rest));
        }
        if (type.startsWith("google.protobuf.")) {
          yield Optional.empty();
        }
        yield messageField(sub, rest);
      }
      default -> Optional.empty();
    };
  }

  private static Optional<String> stringMapEntry(Message m, FieldDescriptor f, String key) {
    Descriptor entry = f.getMessageType();
    FieldDescriptor keyField = entry.findFieldByName("key");
    FieldDescriptor valueField = entry.findFieldByName("value");
    if (keyField.getJavaType() != FieldDescriptor.JavaType.STRING
        || valueField.getJavaType() != FieldDescriptor.JavaType.STRING) {
      return Optional.empty();
    }
    int n = m.getRepeatedFieldCount(f);
    for (int i = 0; i < n; i++) {
      Message e = (Message) m.getRepeatedField(f, i);
      if (key.equals(e.getField(keyField))) {
        return Optional.of((String) e.getField(valueField));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> nonEmpty(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}

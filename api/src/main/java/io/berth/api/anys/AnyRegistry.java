package io.berth.api.anys;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.validation.GoQuote;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Message types known by name, so that an {@link Any} can be decoded without knowing its type in
 * advance (event filters on {@code event.<field>}, the CLI printing payloads). Immutable.
 */
public final class AnyRegistry {

  private final Map<String, Message> byName;

  private AnyRegistry(Map<String, Message> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** A registry of the given messages' types; any instance of each type will do. */
  public static AnyRegistry of(Collection<? extends Message> prototypes) {
    Map<String, Message> map = new LinkedHashMap<>();
    for (Message m : prototypes) {
      Message prototype = m.getDefaultInstanceForType();
      String name = TypeNames.of(prototype);
      Message previous = map.put(name, prototype);
      if (previous != null && previous.getClass() != prototype.getClass()) {
        throw new IllegalArgumentException("two classes for " + name);
      }
    }
    return new AnyRegistry(map);
  }

  /** Full names of the known types. */
  public Set<String> typeNames() {
    return byName.keySet();
  }

  /** The default instance of the type a URL designates (prefixed or not), if known. */
  public Optional<Message> prototype(String typeUrl) {
    Message m = byName.get(typeUrl);
    if (m == null) {
      m = byName.get(Anys.typeName(typeUrl));
    }
    return Optional.ofNullable(m);
  }

  /**
   * The message an Any holds, or empty when its type is not known here.
   *
   * @throws InvalidArgumentException if the type is known but the bytes do not parse
   */
  public Optional<Message> decode(Any any) {
    Optional<Message> prototype = prototype(any.getTypeUrl());
    if (prototype.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(prototype.get().getParserForType().parseFrom(any.getValue()));
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidArgumentException(
          "any: cannot decode " + GoQuote.quote(any.getTypeUrl()) + ": " + e.getMessage(), e);
    }
  }
}

package io.berth.api.anys;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Internal;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.validation.GoQuote;
import java.util.Objects;
import java.util.Optional;

/** Packs and unpacks {@link Any} with containerd's unprefixed type URLs. */
public final class Anys {

  /** The prefix protobuf's own libraries put before a message name; Berth never writes it. */
  public static final String GOOGLE_PREFIX = "type.googleapis.com/";

  /** OCI runtime spec, JSON: {@code Container.spec}. */
  public static final String OCI_SPEC = "types.containerd.io/opencontainers/runtime-spec/1/Spec";

  /** OCI process, JSON: {@code ExecProcessRequest.spec}. */
  public static final String OCI_PROCESS =
      "types.containerd.io/opencontainers/runtime-spec/1/Process";

  /** OCI Linux resources, JSON: {@code UpdateTaskRequest.resources}. */
  public static final String OCI_LINUX_RESOURCES =
      "types.containerd.io/opencontainers/runtime-spec/1/LinuxResources";

  private Anys() {}

  /** An Any holding {@code message}, with the message's full name as type URL. */
  public static Any pack(Message message) {
    Objects.requireNonNull(message, "message");
    return Any.newBuilder()
        .setTypeUrl(TypeNames.of(message))
        .setValue(message.toByteString())
        .build();
  }

  /** An Any with the given type URL and value, e.g. a JSON document under {@link #OCI_SPEC}. */
  public static Any pack(String typeUrl, byte[] value) {
    Objects.requireNonNull(typeUrl, "typeUrl");
    Objects.requireNonNull(value, "value");
    return Any.newBuilder().setTypeUrl(typeUrl).setValue(ByteString.copyFrom(value)).build();
  }

  /**
   * The message name an Any's type URL designates: the URL itself, or what follows its last
   * {@code /} when it has one (as in {@code type.googleapis.com/containerd.events.TaskExit}).
   */
  public static String typeName(String typeUrl) {
    int slash = typeUrl.lastIndexOf('/');
    return slash < 0 ? typeUrl : typeUrl.substring(slash + 1);
  }

  /** Whether {@code any} holds a message of the given type, with or without a URL prefix. */
  public static boolean is(Any any, Descriptor type) {
    return matches(any.getTypeUrl(), type.getFullName());
  }

  /**
   * Whether {@code any} holds a message of the given full name, with or without a URL prefix;
   * unlike the other two, it builds no descriptor.
   */
  public static boolean is(Any any, String fullName) {
    return matches(any.getTypeUrl(), fullName);
  }

  /** Whether {@code any} holds a message of the given generated class. */
  public static <T extends Message> boolean is(Any any, Class<T> type) {
    return matches(any.getTypeUrl(), TypeNames.of(type));
  }

  /**
   * The message held by {@code any}.
   *
   * @throws InvalidArgumentException if the Any holds another type or its bytes do not parse
   */
  public static <T extends Message> T unpack(Any any, Class<T> type) {
    Objects.requireNonNull(type, "type");
    @SuppressWarnings("unchecked")
    Parser<T> parser = (Parser<T>) Internal.getDefaultInstance(type).getParserForType();
    return unpack(any, parser);
  }

  /**
   * The message held by {@code any}, read with a generated message's parser.
   *
   * @throws InvalidArgumentException if the Any holds another type or its bytes do not parse
   */
  public static <T extends Message> T unpack(Any any, Parser<T> parser) {
    Objects.requireNonNull(any, "any");
    Objects.requireNonNull(parser, "parser");
    String expected = nameOf(parser);
    if (!matches(any.getTypeUrl(), expected)) {
      throw new InvalidArgumentException(
          "any: expected type " + GoQuote.quote(expected)
              + ", got " + GoQuote.quote(any.getTypeUrl()));
    }
    try {
      return parser.parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidArgumentException(
          "any: cannot decode " + GoQuote.quote(expected) + ": " + e.getMessage(), e);
    }
  }

  /** The message held by {@code any}, if {@link #registry()} knows its type. */
  public static Optional<Message> decode(Any any) {
    return registry().decode(any);
  }

  /** Every payload type Berth knows: events, cgroups metrics and runtime options. */
  public static AnyRegistry registry() {
    return KnownTypes.REGISTRY;
  }

  static boolean matches(String typeUrl, String fullName) {
    if (typeUrl.equals(fullName)) {
      return true;
    }
    return typeUrl.length() > fullName.length()
        && typeUrl.endsWith(fullName)
        && typeUrl.charAt(typeUrl.length() - fullName.length() - 1) == '/';
  }

  private static String nameOf(Parser<? extends Message> parser) {
    try {
      return TypeNames.of(parser.parsePartialFrom(ByteString.EMPTY));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a generated parser rejected empty input", e);
    }
  }
}

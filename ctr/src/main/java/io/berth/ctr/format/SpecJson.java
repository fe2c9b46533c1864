package io.berth.ctr.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.berth.api.anys.Anys;
import io.berth.api.errors.NotFoundException;
import io.berth.ctr.spec.GoRoundTrip;
import io.berth.ctr.spec.OciSchema;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A container's spec Any decoded as ctr decodes it ({@code typeurl.UnmarshalAny}): the OCI spec
 * URL reads JSON into Go's spec types, a known protobuf type is read as protobuf, anything else is
 * not found.
 */
public final class SpecJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SpecJson() {}

  /** The decoded value as the tree Go would write. */
  public static JsonNode decode(Any spec) {
    if (spec.getTypeUrl().equals(Anys.OCI_SPEC)) {
      return GoRoundTrip.apply(parse(spec.getValue().toString(StandardCharsets.UTF_8)), OciSchema.SPEC);
    }
    if (spec.getTypeUrl().equals(Anys.OCI_PROCESS)) {
      return GoRoundTrip.apply(parse(spec.getValue().toString(StandardCharsets.UTF_8)), OciSchema.PROCESS_SPEC);
    }
    Optional<Message> message = CtrText.decodeExact(spec);
    if (message.isPresent()) {
      return ProtoGoJson.tree(message.get());
    }
    throw new NotFoundException("type with url " + spec.getTypeUrl());
  }

  private static JsonNode parse(String json) {
    if (json.isBlank()) {
      throw new GoRoundTrip.DecodeException("unexpected end of JSON input");
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new GoRoundTrip.DecodeException("invalid JSON: " + e.getOriginalMessage());
    }
  }
}

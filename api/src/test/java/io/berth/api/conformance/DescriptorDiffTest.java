package io.berth.api.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.TextFormat;
import com.google.protobuf.TimestampProto;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison itself must notice every kind of difference it claims to check. */
class DescriptorDiffTest {

  /** A small proto3 file with a map, a nested enum, a message reference and a streaming RPC. */
  private static final String BASE =
      """
      name: "t.proto" package: "t.p" syntax: "proto3"
      dependency: "google/protobuf/timestamp.proto"
      message_type {
        name: "M"
        field { name: "a" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING json_name: "a" }
        field { name: "b" number: 2 label: LABEL_REPEATED type: TYPE_INT64 json_name: "b" }
        field { name: "at" number: 3 label: LABEL_OPTIONAL type: TYPE_MESSAGE
                type_name: ".google.protobuf.Timestamp" json_name: "at" }
        field { name: "labels" number: 4 label: LABEL_REPEATED type: TYPE_MESSAGE
                type_name: ".t.p.M.LabelsEntry" json_name: "labels" }
        field { name: "k" number: 5 label: LABEL_OPTIONAL type: TYPE_ENUM
                type_name: ".t.p.M.Kind" json_name: "k" }
        nested_type {
          name: "LabelsEntry" options { map_entry: true }
          field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING json_name: "key" }
          field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING
                  json_name: "value" }
        }
        enum_type {
          name: "Kind" value { name: "UNKNOWN" number: 0 } value { name: "VIEW" number: 1 }
        }
      }
      message_type { name: "N" }
      service {
        name: "S"
        method { name: "Get" input_type: ".t.p.M" output_type: ".t.p.N" }
        method { name: "Watch" input_type: ".t.p.M" output_type: ".t.p.N" server_streaming: true }
      }
      """;

  @Test
  void identicalDefinitionsAgree() throws Exception {
    assertThat(DescriptorDiff.compare(List.of(file(BASE)), List.of(file(BASE)))).isEmpty();
  }

  @Test
  void noticesAFieldNumberChange() throws Exception {
    assertThat(diff("name: \"b\" number: 2", "name: \"b\" number: 6"))
        .containsExactlyInAnyOrder(
            "field t.p.M.b = 2: missing in Berth", "field t.p.M.b = 6: not in the reference");
  }

  @Test
  void noticesARename() throws Exception {
    assertThat(diff("name: \"a\" number: 1", "name: \"aa\" number: 1"))
        .contains(
            "field t.p.M.a = 1: missing in Berth", "field t.p.M.aa = 1: not in the reference");
  }

  @Test
  void noticesATypeChange() throws Exception {
    assertThat(diff("LABEL_REPEATED type: TYPE_INT64", "LABEL_REPEATED type: TYPE_UINT64"))
        .containsExactly("t.p.M.b = 2: type is INT64 in the reference but UINT64 in Berth");
  }

  @Test
  void noticesALabelChange() throws Exception {
    assertThat(diff("LABEL_REPEATED type: TYPE_INT64", "LABEL_OPTIONAL type: TYPE_INT64"))
        .contains("t.p.M.b = 2: label is repeated in the reference but optional in Berth");
  }

  @Test
  void noticesATypeNameChange() throws Exception {
    assertThat(diff("type_name: \".google.protobuf.Timestamp\"", "type_name: \".t.p.N\""))
        .containsExactly(
            "t.p.M.at = 3: type name is google.protobuf.Timestamp in the reference"
                + " but t.p.N in Berth");
  }

  @Test
  void noticesAMissingOrExtraMessage() throws Exception {
    String n = "message_type { name: \"N\" }";
    String nx = n + " message_type { name: \"X\" }";

    assertThat(diff(n, nx)).containsExactly("message t.p.X: not in the reference");
    assertThat(diff(n, nx, true))
        .containsExactly("message t.p.X: missing in Berth");
  }

  @Test
  void noticesAMapEntryFieldChange() throws Exception {
    assertThat(diff("name: \"value\" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING",
            "name: \"value\" number: 2 label: LABEL_OPTIONAL type: TYPE_BYTES"))
        .containsExactly(
            "t.p.M.LabelsEntry.value = 2: type is STRING in the reference but BYTES in Berth");
  }

  @Test
  void noticesEnumValueChanges() throws Exception {
    assertThat(diff("name: \"VIEW\" number: 1", "name: \"VIEW\" number: 2"))
        .containsExactly("t.p.M.Kind.VIEW: number is 1 in the reference but 2 in Berth");
    assertThat(diff("name: \"VIEW\" number: 1", "name: \"ACTIVE\" number: 1"))
        .containsExactlyInAnyOrder(
            "enum value t.p.M.Kind.VIEW: missing in Berth",
            "enum value t.p.M.Kind.ACTIVE: not in the reference");
  }

  @Test
  void noticesMethodChanges() throws Exception {
    assertThat(diff("server_streaming: true", "server_streaming: false"))
        .containsExactly(
            "t.p.S/Watch: server streaming is true in the reference but false in Berth");
    assertThat(diff("name: \"Get\" input_type: \".t.p.M\"", "name: \"Get\" input_type: \".t.p.N\""))
        .containsExactly("t.p.S/Get: input is t.p.M in the reference but t.p.N in Berth");
    assertThat(diff("name: \"Get\"", "name: \"Fetch\""))
        .containsExactlyInAnyOrder(
            "method t.p.S/Get: missing in Berth", "method t.p.S/Fetch: not in the reference");
  }

  @Test
  void noticesASyntaxChange() throws Exception {
    assertThat(diff("syntax: \"proto3\"", "syntax: \"proto2\""))
        .contains("t.p.M: syntax of its file is proto3 in the reference but proto2 in Berth");
  }

  @Test
  void noticesAMissingPackage() throws Exception {
    FileDescriptor other =
        file(BASE.replace("package: \"t.p\"", "package: \"t.q\"").replace(".t.p.", ".t.q."));

    assertThat(DescriptorDiff.compare(List.of(file(BASE), other), List.of(file(BASE))))
        .containsExactly("package t.q: defined by the reference but missing in Berth");
    assertThat(DescriptorDiff.compare(List.of(file(BASE)), List.of(file(BASE), other)))
        .containsExactly("package t.q: defined by Berth but not by the reference");
  }

  private static List<String> diff(String from, String to) throws Exception {
    return diff(from, to, false);
  }

  /** Differences after replacing {@code from} by {@code to} in our copy (or else in theirs). */
  private static List<String> diff(String from, String to, boolean inReference) throws Exception {
    String changed = BASE.replace(from, to);
    assertThat(changed).as("the mutation must apply").isNotEqualTo(BASE);
    FileDescriptor base = file(BASE);
    FileDescriptor mutated = file(changed);
    return inReference
        ? DescriptorDiff.compare(List.of(mutated), List.of(base))
        : DescriptorDiff.compare(List.of(base), List.of(mutated));
  }

  private static FileDescriptor file(String text)
      throws TextFormat.ParseException, DescriptorValidationException {
    FileDescriptorProto.Builder proto = FileDescriptorProto.newBuilder();
    TextFormat.merge(text, proto);
    return FileDescriptor.buildFrom(
        proto.build(), new FileDescriptor[] {TimestampProto.getDescriptor()});
  }
}

package io.berth.api.conformance;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares two sets of proto definitions package by package and lists every difference that
 * matters on the wire or to clients: messages (fields by name and number: type, label, type name,
 * JSON name, packing, presence, oneof), map entries, enums (values, open/closed), services
 * (methods, their types and streaming flags), and the syntax of the defining files. Options,
 * comments, file names and declaration order are ignored.
 */
final class DescriptorDiff {

  private final List<String> differences = new ArrayList<>();

  private DescriptorDiff() {}

  /**
   * Differences of {@code ours} against {@code reference}, for every package defined on either
   * side; empty when the two agree.
   */
  static List<String> compare(
      Collection<FileDescriptor> reference, Collection<FileDescriptor> ours) {
    DescriptorDiff diff = new DescriptorDiff();
    Set<String> packages = new TreeSet<>();
    reference.forEach(f -> packages.add(f.getPackage()));
    ours.forEach(f -> packages.add(f.getPackage()));
    for (String pkg : packages) {
      diff.comparePackage(pkg, inPackage(reference, pkg), inPackage(ours, pkg));
    }
    return List.copyOf(diff.differences);
  }

  private static List<FileDescriptor> inPackage(Collection<FileDescriptor> files, String pkg) {
    return files.stream().filter(f -> f.getPackage().equals(pkg)).toList();
  }

  private void comparePackage(String pkg, List<FileDescriptor> ref, List<FileDescriptor> ours) {
    if (ref.isEmpty()) {
      differences.add("package " + pkg + ": defined by Berth but not by the reference");
      return;
    }
    if (ours.isEmpty()) {
      differences.add("package " + pkg + ": defined by the reference but missing in Berth");
      return;
    }
    pair("message", messages(ref), messages(ours), this::compareMessage);
    pair("enum", enums(ref), enums(ours), this::compareEnum);
    pair("service", services(ref), services(ours), this::compareService);
  }

  private interface Comparison<T> {
    void run(String name, T ref, T ours);
  }

  private <T> void pair(String kind, Map<String, T> ref, Map<String, T> ours, Comparison<T> cmp) {
    for (var e : ref.entrySet()) {
      T mine = ours.get(e.getKey());
      if (mine == null) {
        differences.add(kind + " " + e.getKey() + ": missing in Berth");
      } else {
        cmp.run(e.getKey(), e.getValue(), mine);
      }
    }
    for (String name : ours.keySet()) {
      if (!ref.containsKey(name)) {
        differences.add(kind + " " + name + ": not in the reference");
      }
    }
  }

  private void compareMessage(String name, Descriptor ref, Descriptor ours) {
    same(name, "syntax of its file", syntax(ref.getFile()), syntax(ours.getFile()));
    same(name, "map entry", ref.getOptions().getMapEntry(), ours.getOptions().getMapEntry());
    pair(
        "field",
        byKey(ref.getFields(), f -> fieldKey(name, f)),
        byKey(ours.getFields(), f -> fieldKey(name, f)),
        this::compareField);
    same(name, "oneofs", oneofs(ref), oneofs(ours));
  }

  /** Fields are matched by name and number together: a renamed or renumbered field is missing. */
  private static String fieldKey(String message, FieldDescriptor f) {
    return message + "." + f.getName() + " = " + f.getNumber();
  }

  private void compareField(String at, FieldDescriptor ref, FieldDescriptor ours) {
    same(at, "type", ref.getType(), ours.getType());
    same(at, "label", label(ref), label(ours));
    same(at, "type name", typeName(ref), typeName(ours));
    same(at, "json name", ref.getJsonName(), ours.getJsonName());
    same(at, "packed", ref.isPacked(), ours.isPacked());
    same(at, "explicit presence", ref.hasPresence(), ours.hasPresence());
    same(at, "oneof", oneofName(ref), oneofName(ours));
  }

  private void compareEnum(String name, EnumDescriptor ref, EnumDescriptor ours) {
    same(name, "syntax of its file", syntax(ref.getFile()), syntax(ours.getFile()));
    same(name, "closed", ref.isClosed(), ours.isClosed());
    pair(
        "enum value",
        byKey(ref.getValues(), v -> name + "." + v.getName()),
        byKey(ours.getValues(), v -> name + "." + v.getName()),
        (at, r, o) -> same(at, "number", r.getNumber(), o.getNumber()));
  }

  private void compareService(String name, ServiceDescriptor ref, ServiceDescriptor ours) {
    pair(
        "method",
        byKey(ref.getMethods(), m -> name + "/" + m.getName()),
        byKey(ours.getMethods(), m -> name + "/" + m.getName()),
        this::compareMethod);
  }

  private void compareMethod(String at, MethodDescriptor ref, MethodDescriptor ours) {
    same(at, "input", ref.getInputType().getFullName(), ours.getInputType().getFullName());
    same(at, "output", ref.getOutputType().getFullName(), ours.getOutputType().getFullName());
    same(at, "client streaming", ref.isClientStreaming(), ours.isClientStreaming());
    same(at, "server streaming", ref.isServerStreaming(), ours.isServerStreaming());
  }

  private void same(String at, String what, Object ref, Object ours) {
    if (!Objects.equals(ref, ours)) {
      differences.add(
          at + ": " + what + " is " + ref + " in the reference but " + ours + " in Berth");
    }
  }

  private static Map<String, Descriptor> messages(List<FileDescriptor> files) {
    Map<String, Descriptor> out = new TreeMap<>();
    for (FileDescriptor f : files) {
      f.getMessageTypes().forEach(m -> addMessage(m, out));
    }
    return out;
  }

  private static void addMessage(Descriptor m, Map<String, Descriptor> out) {
    out.put(m.getFullName(), m);
    m.getNestedTypes().forEach(n -> addMessage(n, out));
  }

  private static Map<String, EnumDescriptor> enums(List<FileDescriptor> files) {
    Map<String, EnumDescriptor> out = new TreeMap<>();
    for (FileDescriptor f : files) {
      f.getEnumTypes().forEach(e -> out.put(e.getFullName(), e));
    }
    for (Descriptor m : messages(files).values()) {
      m.getEnumTypes().forEach(e -> out.put(e.getFullName(), e));
    }
    return out;
  }

  private static Map<String, ServiceDescriptor> services(List<FileDescriptor> files) {
    Map<String, ServiceDescriptor> out = new TreeMap<>();
    files.forEach(f -> f.getServices().forEach(s -> out.put(s.getFullName(), s)));
    return out;
  }

  private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
    Map<String, T> out = new TreeMap<>();
    items.forEach(i -> out.put(key.apply(i), i));
    return out;
  }

  private static String syntax(FileDescriptor f) {
    String s = f.toProto().getSyntax();
    return s.isEmpty() ? "proto2" : s;
  }

  private static String label(FieldDescriptor f) {
    if (f.isRepeated()) {
      return "repeated";
    }
    return f.isRequired() ? "required" : "optional";
  }

  private static String typeName(FieldDescriptor f) {
    return switch (f.getJavaType()) {
      case MESSAGE -> f.getMessageType().getFullName();
      case ENUM -> f.getEnumType().getFullName();
      default -> "";
    };
  }

  private static String oneofName(FieldDescriptor f) {
    OneofDescriptor o = f.getRealContainingOneof();
    return o == null ? "" : o.getName();
  }

  private static List<String> oneofs(Descriptor m) {
    return m.getRealOneofs().stream().map(OneofDescriptor::getName).toList();
  }
}

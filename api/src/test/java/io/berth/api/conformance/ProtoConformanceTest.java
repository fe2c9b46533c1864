package io.berth.api.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves wire compatibility: compiles containerd 1.6's own .proto files (Debian's
 * golang-github-containerd-containerd-dev) with protoc and compares every package Berth defines
 * with them. Skipped where those sources or protoc are not installed.
 */
class ProtoConformanceTest {

  private static final Path GOCODE = Path.of("/usr/share/gocode/src");
  private static final String CONTAINERD = "github.com/containerd/containerd";
  private static final Path PROTOC = Path.of("/usr/bin/protoc");

  /** containerd's protos outside api/ that Berth mirrors (everything under api/ is included). */
  private static final List<String> EXTRA_REFERENCE_FILES =
      List.of(
          CONTAINERD + "/runtime/v2/task/shim.proto",
          CONTAINERD + "/runtime/v2/runc/options/oci.proto",
          CONTAINERD + "/runtime/linux/runctypes/runc.proto",
          "github.com/containerd/cgroups/stats/v1/metrics.proto",
          "github.com/containerd/cgroups/v2/stats/metrics.proto");

  /** Every proto file Berth generates, through its generated outer class. */
  private static final List<FileDescriptor> OURS =
      List.of(
          io.berth.api.types.MountProto.getDescriptor(),
          io.berth.api.types.DescriptorTypeProto.getDescriptor(),
          io.berth.api.types.MetricProto.getDescriptor(),
          io.berth.api.types.PlatformProto.getDescriptor(),
          io.berth.api.types.task.TaskTypesProto.getDescriptor(),
          io.berth.api.events.ContainerEventsProto.getDescriptor(),
          io.berth.api.events.ContentEventsProto.getDescriptor(),
          io.berth.api.events.NamespaceEventsProto.getDescriptor(),
          io.berth.api.events.SnapshotEventsProto.getDescriptor(),
          io.berth.api.events.TaskEventsProto.getDescriptor(),
          io.berth.api.services.images.v1.ImageEventsProto.getDescriptor(),
          io.berth.api.services.containers.v1.ContainersProto.getDescriptor(),
          io.berth.api.services.content.v1.ContentProto.getDescriptor(),
          io.berth.api.services.diff.v1.DiffProto.getDescriptor(),
          io.berth.api.services.events.v1.EventsProto.getDescriptor(),
          io.berth.api.services.events.ttrpc.v1.TtrpcEventsProto.getDescriptor(),
          io.berth.api.services.images.v1.ImagesProto.getDescriptor(),
          io.berth.api.services.introspection.v1.IntrospectionProto.getDescriptor(),
          io.berth.api.services.leases.v1.LeasesProto.getDescriptor(),
          io.berth.api.services.namespaces.v1.NamespacesProto.getDescriptor(),
          io.berth.api.services.snapshots.v1.SnapshotsProto.getDescriptor(),
          io.berth.api.services.tasks.v1.TasksProto.getDescriptor(),
          io.berth.api.services.version.v1.VersionProto.getDescriptor(),
          io.berth.api.cgroups.v1.CgroupsV1MetricsProto.getDescriptor(),
          io.berth.api.cgroups.v2.CgroupsV2MetricsProto.getDescriptor(),
          io.berth.api.runc.v1.RuncOptionsProto.getDescriptor(),
          io.berth.api.linux.runc.LinuxRuncProto.getDescriptor(),
          io.berth.api.task.v2.ShimProto.getDescriptor());

  private static List<FileDescriptor> reference;

  @BeforeAll
  static void compileContainerdProtos(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.isDirectory(GOCODE.resolve(CONTAINERD + "/api")), "containerd sources absent");
    assumeTrue(Files.isExecutable(PROTOC), "protoc absent");
    List<String> files = new ArrayList<>();
    try (Stream<Path> api = Files.walk(GOCODE.resolve(CONTAINERD + "/api"))) {
      api.filter(p -> p.toString().endsWith(".proto"))
          .map(p -> GOCODE.relativize(p).toString())
          .sorted()
          .forEach(files::add);
    }
    files.addAll(EXTRA_REFERENCE_FILES);
    Path out = tmp.resolve("containerd.pb");
    List<String> command =
        new ArrayList<>(
            List.of(
                PROTOC.toString(),
                "-I" + GOCODE,
                "-I" + GOCODE.resolve("github.com/gogo/protobuf"),
                "-I" + GOCODE.resolve("github.com/gogo/googleapis"),
                "-I/usr/include",
                "--include_imports",
                "--descriptor_set_out=" + out));
    command.addAll(files);
    Process protoc =
        new ProcessBuilder(command).redirectErrorStream(true).directory(tmp.toFile()).start();
    String output = new String(protoc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(protoc.waitFor()).as("protoc failed:\n%s", output).isZero();
    reference = build(FileDescriptorSet.parseFrom(Files.readAllBytes(out)), Set.copyOf(files));
  }

  /** Builds every file of the set (in protoc's dependency order); returns the named ones. */
  private static List<FileDescriptor> build(FileDescriptorSet set, Set<String> wanted)
      throws DescriptorValidationException {
    Map<String, FileDescriptor> built = new HashMap<>();
    List<FileDescriptor> out = new ArrayList<>();
    for (FileDescriptorProto proto : set.getFileList()) {
      FileDescriptor[] deps =
          proto.getDependencyList().stream().map(built::get).toArray(FileDescriptor[]::new);
      FileDescriptor file = FileDescriptor.buildFrom(proto, deps);
      built.put(proto.getName(), file);
      if (wanted.contains(proto.getName())) {
        out.add(file);
      }
    }
    assertThat(out).hasSameSizeAs(wanted);
    return out;
  }

  @Test
  void everyPackageMatchesContainerd() {
    List<String> differences = DescriptorDiff.compare(reference, OURS);

    assertThat(differences)
        .as("differences from containerd 1.6:\n  %s", String.join("\n  ", differences))
        .isEmpty();
  }

  @Test
  void theComparisonCoversMessagesServicesAndEnums() {
    // Guards against comparing two empty sets: the reference must really hold the API.
    Set<String> packages =
        reference.stream()
            .map(FileDescriptor::getPackage)
            .collect(Collectors.toCollection(TreeSet::new));
    long services = reference.stream().mapToLong(f -> f.getServices().size()).sum();
    long messages = reference.stream().mapToLong(f -> f.getMessageTypes().size()).sum();

    assertThat(packages)
        .contains(
            "containerd.types",
            "containerd.v1.types",
            "containerd.events",
            "containerd.services.tasks.v1",
            "containerd.services.events.ttrpc.v1",
            "containerd.task.v2",
            "containerd.runc.v1",
            "containerd.linux.runc",
            "io.containerd.cgroups.v1",
            "io.containerd.cgroups.v2");
    assertThat(services).isEqualTo(13);
    assertThat(messages).isGreaterThan(200);
  }

  @Test
  void everyProtoFileOfTheModuleIsCompared() throws IOException {
    Path protoDir = Path.of(System.getProperty("basedir", ".")).resolve("src/main/proto");
    assumeTrue(Files.isDirectory(protoDir), "run from the api module");
    Set<String> sources;
    try (Stream<Path> walk = Files.walk(protoDir)) {
      sources =
          walk.filter(p -> p.toString().endsWith(".proto"))
              .map(p -> protoDir.relativize(p).toString())
              // ttrpc's envelope: containerd has no .proto of it (ttrpc's types.go declares the
              // Go structs with their field tags); TtrpcTest checks it on the wire
              .filter(name -> !name.equals("ttrpc/ttrpc.proto"))
              .collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(OURS.stream().map(FileDescriptor::getName))
        .containsExactlyInAnyOrderElementsOf(sources);
  }
}

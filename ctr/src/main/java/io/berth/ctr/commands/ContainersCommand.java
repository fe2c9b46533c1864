package io.berth.ctr.commands;

import com.google.protobuf.FieldMask;
import io.berth.api.anys.Anys;
import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.runc.v1.Options;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.UpdateContainerRequest;
import io.berth.api.services.images.v1.GetImageRequest;
import io.berth.api.validation.GoQuote;
import io.berth.ctr.Berth;
import io.berth.ctr.ExitCodes;
import io.berth.ctr.Session;
import io.berth.ctr.args.KeyValues;
import io.berth.ctr.flows.ContainerFlows;
import io.berth.ctr.format.CtrText;
import io.berth.ctr.format.JsonRecords;
import io.berth.ctr.format.SpecJson;
import io.berth.ctr.spec.GoPaths;
import io.berth.ctr.spec.SpecBuilder;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

/** {@code berth containers}: create, list, inspect, label and delete containers, as {@code ctr c}. */
@Command(
    name = "containers",
    aliases = {"c", "container"},
    description = "manage containers")
public final class ContainersCommand implements Callable<Integer> {

  /** The runtime ctr uses when {@code --runtime} is not given. */
  public static final String DEFAULT_RUNTIME = "io.containerd.runc.v2";

  @ParentCommand Berth berth;

  @Override
  public Integer call() {
    CommandLine.usage(this, berth.io().out());
    return ExitCodes.OK;
  }

  @Command(
      name = "create",
      description = "create container",
      footer = "Options end at the first argument; the rest is the container's command line.")
  int create(
      @Option(names = "--rootfs", description = "use custom rootfs that is not managed by the snapshotter: the first argument is its directory")
          boolean rootfs,
      @Option(names = "--label", paramLabel = "KEY=VALUE", description = "specify additional labels (e.g. foo=bar)")
          List<String> labelArgs,
      @Option(names = "--env", paramLabel = "KEY=VALUE", description = "specify additional container environment variables (e.g. FOO=bar)")
          List<String> env,
      @Option(names = "--annotation", paramLabel = "KEY=VALUE", description = "specify additional OCI annotations (e.g. foo=bar)")
          List<String> annotationArgs,
      @Option(names = "--cwd", description = "specify the working directory of the process") String cwd,
      @Option(names = "--runtime", defaultValue = DEFAULT_RUNTIME, description = "runtime name (default: ${DEFAULT-VALUE})")
          String runtime,
      @Option(names = "--read-only", description = "set the containers filesystem as readonly") boolean readOnly,
      @Option(names = {"-t", "--tty"}, description = "allocate a TTY for the container") boolean tty,
      @Parameters(paramLabel = "Image|RootFS CONTAINER [COMMAND] [ARG...]", arity = "0..*") List<String> args) {
    List<String> a = orEmpty(args);
    String ref = a.isEmpty() ? "" : a.get(0);
    String id = a.size() > 1 ? a.get(1) : "";
    if (ref.isEmpty()) {
      throw new InvalidArgumentException("image ref must be provided");
    }
    if (id.isEmpty()) {
      throw new InvalidArgumentException("container id must be provided");
    }
    Map<String, String> labels = KeyValues.labels(orEmpty(labelArgs));
    Map<String, String> annotations = KeyValues.annotations(orEmpty(annotationArgs));
    Session s = berth.session();
    Stubs stubs = s.stubs();
    if (!rootfs) {
      Session.call(() -> stubs.images().get(GetImageRequest.newBuilder().setName(ref).build()));
      throw new NotImplementedException("creating a container from an image (use --rootfs)");
    }
    SpecBuilder spec = SpecBuilder.defaults(s.namespace(), id).env(orEmpty(env));
    spec.rootfs(GoPaths.abs(ref, berth.io().cwd()));
    if (readOnly) {
      spec.readonlyRootfs();
    }
    List<String> command = a.subList(2, a.size());
    if (!command.isEmpty()) {
      spec.args(command);
    }
    if (cwd != null && !cwd.isEmpty()) {
      spec.cwd(cwd);
    }
    if (tty) {
      spec.tty();
    }
    if (!annotations.isEmpty()) {
      spec.annotations(annotations);
    }
    spec.annotations(labels);
    Container.Runtime.Builder rt = Container.Runtime.newBuilder().setName(runtime);
    if (runtime.equals(DEFAULT_RUNTIME)) {
      rt.setOptions(Anys.pack(Options.getDefaultInstance()));
    }
    Container container =
        Container.newBuilder()
            .setId(id)
            .putAllLabels(labels)
            .setRuntime(rt)
            .setSpec(Anys.pack(Anys.OCI_SPEC, spec.json()))
            .build();
    Container created = ContainerFlows.create(stubs, container, berth.io().clock().instant(), berth.io().zone());
    if (berth.json()) {
      out().print(JsonRecords.write(JsonRecords.ContainerRecord.of(created, null)));
    }
    return ExitCodes.OK;
  }

  @Command(name = "list", aliases = "ls", description = "list containers")
  int list(
      @Option(names = {"-q", "--quiet"}, description = "print only the container id") boolean quiet,
      @Parameters(paramLabel = "<filter>", arity = "0..*") List<String> filters) {
    Session s = berth.session();
    List<Container> containers = ContainerFlows.list(s.stubs(), orEmpty(filters));
    if (berth.json()) {
      out().print(
          JsonRecords.write(
              quiet
                  ? containers.stream().map(Container::getId).toList()
                  : containers.stream().map(c -> JsonRecords.ContainerRecord.of(c, null)).toList()));
    } else if (quiet) {
      containers.forEach(c -> out().print(c.getId() + "\n"));
    } else {
      out().print(CtrText.containers(containers));
    }
    return ExitCodes.OK;
  }

  @Command(name = "info", description = "get info about a container")
  int info(
      @Option(names = "--spec", description = "only display the spec") boolean specOnly,
      @Parameters(paramLabel = "CONTAINER", arity = "0..1") String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidArgumentException("container id must be provided");
    }
    Session s = berth.session();
    Container c = ContainerFlows.load(s.stubs(), id);
    if (berth.json()) {
      var spec = c.hasSpec() && !c.getSpec().getValue().isEmpty() ? SpecJson.decode(c.getSpec()) : null;
      out().print(JsonRecords.write(specOnly ? spec : JsonRecords.ContainerRecord.of(c, spec)));
    } else {
      out().print(CtrText.containerInfo(c, specOnly));
    }
    return ExitCodes.OK;
  }

  @Command(name = "label", description = "set and clear labels for a container")
  int label(@Parameters(paramLabel = "CONTAINER [<key>=<value>, ...]", arity = "0..*") List<String> args) {
    List<String> a = orEmpty(args);
    String id = a.isEmpty() ? "" : a.getFirst();
    if (id.isEmpty()) {
      throw new InvalidArgumentException("container id must be provided");
    }
    Map<String, String> labels = KeyValues.labels(a.subList(1, a.size()));
    Session s = berth.session();
    Stubs stubs = s.stubs();
    ContainerFlows.load(stubs, id);
    // ctr's SetLabels: only the given labels, each under its own mask path; no labels, no mask
    UpdateContainerRequest.Builder req =
        UpdateContainerRequest.newBuilder()
            .setContainer(
                Container.newBuilder()
                    .setId(id)
                    .putAllLabels(labels)
                    .setRuntime(Container.Runtime.getDefaultInstance()));
    if (!labels.isEmpty()) {
      FieldMask.Builder mask = FieldMask.newBuilder();
      labels.keySet().forEach(k -> mask.addPaths("labels." + k));
      req.setUpdateMask(mask);
    }
    Container updated = Session.call(() -> stubs.containers().update(req.build())).getContainer();
    if (berth.json()) {
      out().print(JsonRecords.write(new java.util.TreeMap<>(updated.getLabelsMap())));
    } else {
      out().print(CtrText.labelPairs(updated.getLabelsMap(), "") + "\n");
    }
    return ExitCodes.OK;
  }

  @Command(
      name = "delete",
      aliases = {"del", "remove", "rm"},
      description = "delete one or more existing containers")
  int delete(
      @Option(names = "--keep-snapshot", description = "do not clean up snapshot with container") boolean keepSnapshot,
      @Parameters(paramLabel = "CONTAINER", arity = "0..*") List<String> ids) {
    Session s = berth.session();
    s.client(); // ctr connects before it checks its arguments here
    if (orEmpty(ids).isEmpty()) {
      throw new InvalidArgumentException("must specify at least one container to delete");
    }
    BerthException first = null;
    List<String> deleted = new ArrayList<>();
    for (String id : ids) {
      try {
        ContainerFlows.deleteWithTask(s.stubs(), id, !keepSnapshot);
        deleted.add(id);
      } catch (BerthException e) {
        if (first == null) {
          first = e;
        }
        s.logError("failed to delete container " + GoQuote.quote(id), e);
      }
    }
    if (berth.json()) {
      out().print(JsonRecords.write(deleted));
    }
    if (first != null) {
      throw first;
    }
    return ExitCodes.OK;
  }


  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  private PrintStream out() {
    return berth.io().out();
  }
}

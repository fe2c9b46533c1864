package io.berth.ctr.snapshots;

import com.google.protobuf.FieldMask;
import io.berth.api.errors.BerthException;
import io.berth.api.services.snapshots.v1.CommitSnapshotRequest;
import io.berth.api.services.snapshots.v1.Info;
import io.berth.api.services.snapshots.v1.Kind;
import io.berth.api.services.snapshots.v1.ListSnapshotsRequest;
import io.berth.api.services.snapshots.v1.ListSnapshotsResponse;
import io.berth.api.services.snapshots.v1.MountsRequest;
import io.berth.api.services.snapshots.v1.PrepareSnapshotRequest;
import io.berth.api.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.api.services.snapshots.v1.SnapshotsGrpc.SnapshotsBlockingStub;
import io.berth.api.services.snapshots.v1.StatSnapshotRequest;
import io.berth.api.services.snapshots.v1.UpdateSnapshotRequest;
import io.berth.api.services.snapshots.v1.UsageRequest;
import io.berth.api.services.snapshots.v1.UsageResponse;
import io.berth.api.services.snapshots.v1.ViewSnapshotRequest;
import io.berth.api.types.Mount;
import io.berth.api.validation.GoQuote;
import io.berth.ctr.Berth;
import io.berth.ctr.ExitCodes;
import io.berth.ctr.Session;
import io.berth.ctr.args.KeyValues;
import io.berth.ctr.format.GoTime;
import io.berth.ctr.format.JsonRecords;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code berth snapshots}: prepare, view, commit, list, mount and remove snapshots, as
 * {@code ctr snapshots}, with the same RPCs (CONTRACT.md §3.3) and output. {@code --snapshotter}
 * (or {@code BERTH_SNAPSHOTTER}) picks the snapshotter, {@code overlayfs} when empty.
 */
@Command(
    name = "snapshots",
    aliases = "snapshot",
    description = "manage snapshots")
public final class SnapshotsCommand implements Callable<Integer> {

  /** What ctr's client falls back to when no snapshotter is named. */
  public static final String DEFAULT_SNAPSHOTTER = "overlayfs";

  /** The label ctr's prepare and commit set, so that the snapshot is kept from collection. */
  static final String GC_ROOT = "containerd.io/gc.root";

  @ParentCommand Berth berth;

  @Option(
      names = "--snapshotter",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description = "snapshotter name. Empty value stands for the default value. [$BERTH_SNAPSHOTTER]")
  String snapshotter;

  @Override
  public Integer call() {
    CommandLine.usage(this, out());
    return ExitCodes.OK;
  }

  @Command(name = "prepare", description = "prepare a snapshot from a committed snapshot")
  int prepare(
      @Option(names = {"-t", "--target"}, description = "mount target path, will print mount, if provided")
          String target,
      @Option(names = "--mounts", description = "Print out snapshot mounts as JSON") boolean printMounts,
      @Parameters(paramLabel = "<key> [<parent>]", arity = "1..2") List<String> args) {
    String key = args.get(0);
    String parent = args.size() > 1 ? args.get(1) : "";
    Session s = berth.session();
    String now = GoTime.rfc3339(berth.io().clock().instant(), ZoneOffset.UTC);
    List<Mount> mounts = Session.call(() -> stub(s).prepare(PrepareSnapshotRequest.newBuilder()
        .setSnapshotter(snapshotter()).setKey(key).setParent(parent)
        .putLabels(GC_ROOT, now).build())).getMountsList();
    printCreated(key, target, printMounts, mounts);
    return ExitCodes.OK;
  }

  @Command(name = "view", description = "create a read-only snapshot from a committed snapshot")
  int view(
      @Option(names = {"-t", "--target"}, description = "mount target path, will print mount, if provided")
          String target,
      @Option(names = "--mounts", description = "Print out snapshot mounts as JSON") boolean printMounts,
      @Parameters(paramLabel = "<key> [<parent>]", arity = "1..2") List<String> args) {
    String key = args.get(0);
    String parent = args.size() > 1 ? args.get(1) : "";
    Session s = berth.session();
    List<Mount> mounts = Session.call(() -> stub(s).view(ViewSnapshotRequest.newBuilder()
        .setSnapshotter(snapshotter()).setKey(key).setParent(parent).build())).getMountsList();
    printCreated(key, target, printMounts, mounts);
    return ExitCodes.OK;
  }

  private void printCreated(String key, String target, boolean printMounts, List<Mount> mounts) {
    if (berth.json()) {
      out().print(JsonRecords.write(new SnapshotRecords.PreparedRecord(key,
          SnapshotRecords.MountRecord.of(mounts))));
      return;
    }
    if (target != null && !target.isEmpty()) {
      out().print(SnapshotsText.mountCommands(target, mounts));
    }
    if (printMounts) {
      out().print(SnapshotsText.mountsJson(mounts));
    }
  }

  @Command(
      name = "mounts",
      aliases = {"m", "mount"},
      description = "mount gets mount commands for the snapshots")
  int mounts(@Parameters(paramLabel = "<target> <key>", arity = "2") List<String> args) {
    String target = args.get(0);
    String key = args.get(1);
    Session s = berth.session();
    List<Mount> mounts = Session.call(() -> stub(s).mounts(MountsRequest.newBuilder()
        .setSnapshotter(snapshotter()).setKey(key).build())).getMountsList();
    if (berth.json()) {
      out().print(JsonRecords.write(SnapshotRecords.MountRecord.of(mounts)));
    } else {
      out().print(SnapshotsText.mountCommands(target, mounts));
    }
    return ExitCodes.OK;
  }

  @Command(name = "commit", description = "commit an active snapshot into the provided name")
  int commit(@Parameters(paramLabel = "<key> <active>", arity = "2") List<String> args) {
    String name = args.get(0);
    String active = args.get(1);
    Session s = berth.session();
    String now = GoTime.rfc3339(berth.io().clock().instant(), ZoneOffset.UTC);
    Session.call(() -> stub(s).commit(CommitSnapshotRequest.newBuilder()
        .setSnapshotter(snapshotter()).setName(name).setKey(active).putLabels(GC_ROOT, now)
        .build()));
    return ExitCodes.OK;
  }

  @Command(name = "list", aliases = "ls", description = "list snapshots")
  int list() {
    List<Info> infos = walk(berth.session());
    if (berth.json()) {
      out().print(JsonRecords.write(infos.stream().map(SnapshotRecords.SnapshotRecord::of).toList()));
    } else {
      out().print(SnapshotsText.list(infos));
    }
    return ExitCodes.OK;
  }

  @Command(name = "tree", description = "display tree view of snapshot branches")
  int tree() {
    SnapshotTree tree = new SnapshotTree();
    walk(berth.session()).forEach(tree::add);
    if (berth.json()) {
      out().print(JsonRecords.write(SnapshotRecords.TreeRecord.of(tree)));
    } else {
      out().print(tree.text());
    }
    return ExitCodes.OK;
  }

  @Command(name = "info", description = "get info about a snapshot")
  int info(@Parameters(paramLabel = "<key>", arity = "1") String key) {
    Info info = stat(berth.session(), key);
    if (berth.json()) {
      out().print(JsonRecords.write(SnapshotRecords.SnapshotRecord.of(info)));
    } else {
      out().print(SnapshotsText.info(info));
    }
    return ExitCodes.OK;
  }

  @Command(name = "usage", description = "usage snapshots")
  int usage(
      @Option(names = "-b", description = "display size in bytes") boolean bytes,
      @Parameters(paramLabel = "[<key>, ...]", arity = "0..*") List<String> keys) {
    Session s = berth.session();
    List<SnapshotsText.UsageRow> rows = new ArrayList<>();
    List<String> wanted = keys == null || keys.isEmpty()
        ? walk(s).stream().map(Info::getName).toList()
        : keys;
    // like ctr, nothing is printed when one of them fails
    for (String key : wanted) {
      UsageResponse u = Session.call(() -> stub(s).usage(UsageRequest.newBuilder()
          .setSnapshotter(snapshotter()).setKey(key).build()));
      rows.add(new SnapshotsText.UsageRow(key, u.getSize(), u.getInodes()));
    }
    if (berth.json()) {
      out().print(JsonRecords.write(rows.stream()
          .map(r -> new SnapshotRecords.UsageRecord(r.key(), r.size(), r.inodes())).toList()));
    } else {
      out().print(SnapshotsText.usage(rows, bytes));
    }
    return ExitCodes.OK;
  }

  @Command(
      name = "delete",
      aliases = {"del", "remove", "rm"},
      description = "remove snapshots")
  int remove(@Parameters(paramLabel = "<key> [<key>, ...]", arity = "0..*") List<String> keys) {
    Session s = berth.session();
    List<String> removed = new ArrayList<>();
    try {
      for (String key : keys == null ? List.<String>of() : keys) {
        try {
          Session.call(() -> stub(s).remove(RemoveSnapshotRequest.newBuilder()
              .setSnapshotter(snapshotter()).setKey(key).build()));
        } catch (BerthException e) {
          throw e.withPrefix("failed to remove " + GoQuote.quote(key));
        }
        removed.add(key);
      }
    } finally {
      if (berth.json()) {
        out().print(JsonRecords.write(removed));
      }
    }
    return ExitCodes.OK;
  }

  @Command(name = "label", description = "add labels to content")
  int label(@Parameters(paramLabel = "<name> [<label>=<value> ...]", arity = "0..*") List<String> args) {
    List<String> a = args == null ? List.of() : args;
    String key = a.isEmpty() ? "" : a.getFirst();
    Map<String, String> labels = KeyValues.labels(a.subList(Math.min(1, a.size()), a.size()));
    Session s = berth.session();
    Info info;
    if (labels.isEmpty()) {
      // nothing to change: ctr reads the labels with Stat rather than clearing them
      info = stat(s, key);
    } else {
      Info.Builder request = Info.newBuilder().setName(key).setKind(Kind.COMMITTED);
      FieldMask.Builder mask = FieldMask.newBuilder();
      labels.forEach((k, v) -> {
        mask.addPaths("labels." + k);
        if (!v.isEmpty()) {
          request.putLabels(k, v);
        }
      });
      info = Session.call(() -> stub(s).update(UpdateSnapshotRequest.newBuilder()
          .setSnapshotter(snapshotter()).setInfo(request).setUpdateMask(mask).build())).getInfo();
    }
    if (berth.json()) {
      out().print(JsonRecords.write(new TreeMap<>(info.getLabelsMap())));
    } else {
      out().print(SnapshotsText.labels(info.getLabelsMap()));
    }
    return ExitCodes.OK;
  }

  /** The snapshotter every request names: the option, then the environment, then overlayfs. */
  String snapshotter() {
    if (snapshotter != null && !snapshotter.isEmpty()) {
      return snapshotter;
    }
    String env = berth.io().env().get("BERTH_SNAPSHOTTER");
    return env == null || env.isEmpty() ? DEFAULT_SNAPSHOTTER : env;
  }

  private static SnapshotsBlockingStub stub(Session s) {
    return s.stubs().snapshots();
  }

  private Info stat(Session s, String key) {
    return Session.call(() -> stub(s).stat(StatSnapshotRequest.newBuilder()
        .setSnapshotter(snapshotter()).setKey(key).build())).getInfo();
  }

  /** {@code Snapshots.List} with no filters, all batches read. */
  private List<Info> walk(Session s) {
    return Session.call(() -> {
      List<Info> out = new ArrayList<>();
      Iterator<ListSnapshotsResponse> it = stub(s).list(ListSnapshotsRequest.newBuilder()
          .setSnapshotter(snapshotter()).build());
      it.forEachRemaining(r -> out.addAll(r.getInfoList()));
      return out;
    });
  }

  private PrintStream out() {
    return berth.io().out();
  }
}

package io.berth.ctr.commands;

import com.google.protobuf.FieldMask;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.services.namespaces.v1.CreateNamespaceRequest;
import io.berth.api.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.api.services.namespaces.v1.GetNamespaceRequest;
import io.berth.api.services.namespaces.v1.ListNamespacesRequest;
import io.berth.api.services.namespaces.v1.Namespace;
import io.berth.api.services.namespaces.v1.UpdateNamespaceRequest;
import io.berth.ctr.Berth;
import io.berth.ctr.ExitCodes;
import io.berth.ctr.Session;
import io.berth.ctr.args.KeyValues;
import io.berth.ctr.format.CtrText;
import io.berth.ctr.format.JsonRecords;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code berth namespaces}: create, list, label and remove namespaces, as {@code ctr ns}. */
@Command(
    name = "namespaces",
    aliases = {"namespace", "ns"},
    description = "manage namespaces")
public final class NamespacesCommand implements Callable<Integer> {

  @ParentCommand Berth berth;

  /** Without a subcommand, prints the usage, as ctr does. */
  @Override
  public Integer call() {
    CommandLine.usage(this, berth.io().out());
    return ExitCodes.OK;
  }

  @Command(name = "create", aliases = "c", description = "create a new namespace. it must be unique")
  int create(
      @Parameters(paramLabel = "<name> [<key>=<value>]", arity = "0..*") List<String> args) {
    List<String> a = args == null ? List.of() : args;
    String name = a.isEmpty() ? "" : a.getFirst();
    if (name.isEmpty()) {
      throw new UnknownException("please specify a namespace");
    }
    Map<String, String> labels = KeyValues.labels(a.subList(1, a.size()));
    Session s = berth.session();
    Namespace created =
        Session.call(
                () ->
                    s.stubs()
                        .namespaces()
                        .create(
                            CreateNamespaceRequest.newBuilder()
                                .setNamespace(Namespace.newBuilder().setName(name).putAllLabels(labels))
                                .build()))
            .getNamespace();
    if (berth.json()) {
      out().print(JsonRecords.write(new JsonRecords.NamespaceRecord(created.getName(), created.getLabelsMap())));
    }
    return ExitCodes.OK;
  }

  @Command(name = "list", aliases = "ls", description = "list namespaces")
  int list(@Option(names = {"-q", "--quiet"}, description = "print only the namespace name") boolean quiet) {
    Session s = berth.session();
    List<Namespace> listed =
        Session.call(() -> s.stubs().namespaces().list(ListNamespacesRequest.getDefaultInstance()))
            .getNamespacesList();
    if (quiet) {
      StringBuilder sb = new StringBuilder();
      listed.forEach(n -> sb.append(n.getName()).append('\n'));
      if (berth.json()) {
        out().print(JsonRecords.write(listed.stream().map(Namespace::getName).toList()));
      } else {
        out().print(sb);
      }
      return ExitCodes.OK;
    }
    List<CtrText.NamespaceRow> rows = new ArrayList<>();
    for (Namespace n : listed) {
      // like ctr, read each namespace's labels with Get
      Namespace full =
          Session.call(
                  () ->
                      s.stubs()
                          .namespaces()
                          .get(GetNamespaceRequest.newBuilder().setName(n.getName()).build()))
              .getNamespace();
      rows.add(new CtrText.NamespaceRow(n.getName(), full.getLabelsMap()));
    }
    if (berth.json()) {
      out().print(
          JsonRecords.write(rows.stream().map(r -> new JsonRecords.NamespaceRecord(r.name(), r.labels())).toList()));
    } else {
      out().print(CtrText.namespaces(rows));
    }
    return ExitCodes.OK;
  }

  @Command(
      name = "label",
      description = "set and clear labels for a namespace. empty value clears the label")
  int label(@Parameters(paramLabel = "<name> [<key>=<value>, ...]", arity = "0..*") List<String> args) {
    List<String> a = args == null ? List.of() : args;
    String name = a.isEmpty() ? "" : a.getFirst();
    if (name.isEmpty()) {
      throw new UnknownException("please specify a namespace");
    }
    Map<String, String> labels = KeyValues.labels(a.subList(1, a.size()));
    Session s = berth.session();
    // one update per label, each masking only that label, as ctr's SetLabel
    for (Map.Entry<String, String> e : labels.entrySet()) {
      Session.call(
          () ->
              s.stubs()
                  .namespaces()
                  .update(
                      UpdateNamespaceRequest.newBuilder()
                          .setNamespace(
                              Namespace.newBuilder().setName(name).putLabels(e.getKey(), e.getValue()))
                          .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + e.getKey()))
                          .build()));
    }
    return ExitCodes.OK;
  }

  @Command(
      name = "remove",
      aliases = "rm",
      description = "remove one or more namespaces. for now, the namespace must be empty")
  int remove(@Parameters(paramLabel = "<name> [<name>, ...]", arity = "0..*") List<String> names) {
    List<String> targets = names == null ? List.of() : names;
    Session s = berth.session();
    BerthException first = null;
    List<String> removed = new ArrayList<>();
    for (String target : targets) {
      try {
        Session.call(
            () ->
                s.stubs()
                    .namespaces()
                    .delete(DeleteNamespaceRequest.newBuilder().setName(target).build()));
      } catch (NotFoundException e) {
        // already gone: reported as removed, as ctr does
      } catch (BerthException e) {
        if (first == null) {
          first = e.withPrefix("unable to delete " + target);
        }
        s.logError("unable to delete " + target, e);
        continue;
      }
      removed.add(target);
      if (!berth.json()) {
        out().println(target);
        out().flush();
      }
    }
    if (berth.json()) {
      out().print(JsonRecords.write(removed));
    }
    if (first != null) {
      throw first;
    }
    return ExitCodes.OK;
  }

  private PrintStream out() {
    return berth.io().out();
  }
}

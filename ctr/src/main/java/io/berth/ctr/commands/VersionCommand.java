package io.berth.ctr.commands;

import com.google.protobuf.Empty;
import io.berth.api.services.introspection.v1.ServerResponse;
import io.berth.api.services.version.v1.VersionResponse;
import io.berth.ctr.Berth;
import io.berth.ctr.BuildInfo;
import io.berth.ctr.ExitCodes;
import io.berth.ctr.Session;
import io.berth.ctr.format.JsonRecords;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth version}: the client's version, then the server's ({@code Version.Version} and
 * {@code Introspection.Server} for the UUID), with ctr's warnings when they differ.
 */
@Command(name = "version", description = "print the client and server versions")
public final class VersionCommand implements Callable<Integer> {

  @ParentCommand Berth berth;

  @Override
  public Integer call() {
    PrintStream out = berth.io().out();
    String javaVersion = "  Java version: " + Runtime.version() + "\n";
    if (!berth.json()) {
      out.print("Client:\n  Version:  " + BuildInfo.version() + "\n  Revision: " + BuildInfo.revision() + "\n");
      out.print(javaVersion + "\n");
      out.flush();
    }
    Session s = berth.session();
    VersionResponse v = Session.call(() -> s.stubs().version().version(Empty.getDefaultInstance()));
    ServerResponse server =
        Session.call(() -> s.stubs().introspection().server(Empty.getDefaultInstance()));
    if (berth.json()) {
      out.print(
          JsonRecords.write(
              new JsonRecords.VersionRecord(
                  new JsonRecords.VersionSide(BuildInfo.version(), BuildInfo.revision(), null),
                  new JsonRecords.VersionSide(v.getVersion(), v.getRevision(), server.getUuid()))));
    } else {
      out.print("Server:\n  Version:  " + v.getVersion() + "\n  Revision: " + v.getRevision() + "\n");
      out.print("  UUID: " + server.getUuid() + "\n");
    }
    out.flush();
    if (!v.getVersion().equals(BuildInfo.version())) {
      berth.io().err().println("WARNING: version mismatch");
    }
    if (!v.getRevision().equals(BuildInfo.revision())) {
      berth.io().err().println("WARNING: revision mismatch");
    }
    return ExitCodes.OK;
  }
}

package io.berth.api.ttrpc;

import java.nio.file.Path;

/**
 * Where shims send their events, as containerd's do: {@code Forward} of the ttrpc events service
 * on the daemon's ttrpc socket, the daemon's gRPC address with {@code .ttrpc} appended.
 */
public final class TtrpcEvents {
  /** The service's full name. */
  public static final String SERVICE = "containerd.services.events.ttrpc.v1.Events";
  /** Its one method: {@code ForwardRequest} in, {@code google.protobuf.Empty} out. */
  public static final String FORWARD = "Forward";
  /** The metadata key naming the caller's namespace. */
  public static final String NAMESPACE_KEY = "containerd-namespace";

  private TtrpcEvents() {}

  /** The daemon's ttrpc socket next to its gRPC socket {@code address}. */
  public static Path socketOf(Path address) {
    return address.resolveSibling(address.getFileName() + ".ttrpc");
  }
}

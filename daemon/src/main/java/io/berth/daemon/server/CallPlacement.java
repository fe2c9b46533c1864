package io.berth.daemon.server;

import io.grpc.Metadata;

/** Chooses where {@link UnixSocketServer} runs a call, from its method and request headers. */
@FunctionalInterface
public interface CallPlacement {

  /**
   * @param fullMethodName the call's method, {@code service/Method}
   * @param headers the call's request headers (read only)
   */
  CallThread place(String fullMethodName, Metadata headers);
}

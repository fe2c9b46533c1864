package io.berth.api.client;

import io.grpc.Metadata;

/** The gRPC metadata headers of containerd's API. */
public final class Headers {

  /** Names the namespace a call works in; servers read the first value. */
  public static final String NAMESPACE = "containerd-namespace";

  /** Names a lease that objects created by the call are attached to. */
  public static final String LEASE = "containerd-lease";

  public static final Metadata.Key<String> NAMESPACE_KEY =
      Metadata.Key.of(NAMESPACE, Metadata.ASCII_STRING_MARSHALLER);

  public static final Metadata.Key<String> LEASE_KEY =
      Metadata.Key.of(LEASE, Metadata.ASCII_STRING_MARSHALLER);

  private Headers() {}
}

package io.berth.daemon.server;

import io.berth.api.errors.FailedPreconditionException;
import io.grpc.Context;

/**
 * The namespace of the call being served, put in the gRPC {@link Context} by {@link
 * NamespaceInterceptor} after validation. Services of namespaced RPCs read it here and pass it
 * on to the local services as a plain value.
 */
public final class RequestNamespace {

  static final Context.Key<String> KEY = Context.key("containerd-namespace");

  private RequestNamespace() {}

  /**
   * The validated namespace of the current call.
   *
   * @throws FailedPreconditionException if the call went through no {@link NamespaceInterceptor},
   *     i.e. the service was wired without one
   */
  public static String current() {
    String ns = KEY.get();
    if (ns == null) {
      throw new FailedPreconditionException("namespace is required");
    }
    return ns;
  }
}

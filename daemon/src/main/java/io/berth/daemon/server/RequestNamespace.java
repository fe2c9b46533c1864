package io.berth.daemon.server;

import io.berth.api.errors.FailedPreconditionException;
import io.grpc.Context;

/**
 * The namespace of the call being served, put in the gRPC {@link Context} by {@link
 * NamespaceInterceptor}. Services read it here and pass it on to the local services as a plain
 * value.
 */
public final class RequestNamespace {

  static final Context.Key<String> VALID = Context.key("containerd-namespace");
  static final Context.Key<String> HEADER = Context.key("containerd-namespace-header");

  private RequestNamespace() {}

  /**
   * The validated namespace of the current call, for services wired with {@link
   * NamespaceInterceptor#required()}.
   *
   * @throws FailedPreconditionException if the service was wired without that interceptor
   */
  public static String current() {
    String ns = VALID.get();
    if (ns == null) {
      throw new FailedPreconditionException("namespace is required");
    }
    return ns;
  }

  /**
   * The namespace header of the current call as sent, "" when absent, for services wired with
   * {@link NamespaceInterceptor#headerOnly()} that validate it themselves (as containerd's
   * Namespaces and Events services do, with their own messages).
   */
  public static String header() {
    String ns = HEADER.get();
    return ns == null ? "" : ns;
  }
}

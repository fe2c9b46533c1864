package io.berth.daemon.server;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.validation.Identifiers;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Requires the {@code containerd-namespace} header on namespaced RPCs and validates it as
 * containerd does: missing or empty is FailedPrecondition {@code namespace is required}, a value
 * that is not an identifier is InvalidArgument {@code namespace validation: identifier ...}. The
 * first value of the header counts. The valid namespace is then available through {@link
 * RequestNamespace#current()}.
 *
 * <p>Failures are thrown; the {@link StatusInterceptor} around every service turns them into the
 * call's status.
 */
public final class NamespaceInterceptor implements ServerInterceptor {

  /** The gRPC header carrying the namespace. */
  public static final Metadata.Key<String> HEADER =
      Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

  private final Predicate<MethodDescriptor<?, ?>> applies;

  private NamespaceInterceptor(Predicate<MethodDescriptor<?, ?>> applies) {
    this.applies = applies;
  }

  /** For a service whose every method is namespaced (containers, leases, ...). */
  public static NamespaceInterceptor allMethods() {
    return new NamespaceInterceptor(m -> true);
  }

  /** For a service where only some methods are namespaced, e.g. Events/Publish. */
  public static NamespaceInterceptor methods(Set<String> bareMethodNames) {
    Set<String> names = Set.copyOf(bareMethodNames);
    return new NamespaceInterceptor(m -> names.contains(m.getBareMethodName()));
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!applies.test(call.getMethodDescriptor())) {
      return next.startCall(call, headers);
    }
    String namespace = validate(first(headers));
    return Contexts.interceptCall(
        Context.current().withValue(RequestNamespace.KEY, namespace), call, headers, next);
  }

  /**
   * The namespace itself when it is valid.
   *
   * @throws BerthException FailedPrecondition when missing, InvalidArgument when malformed
   */
  static String validate(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      throw new FailedPreconditionException("namespace is required");
    }
    try {
      Identifiers.validate(namespace);
    } catch (BerthException e) {
      throw e.withPrefix("namespace validation");
    }
    return namespace;
  }

  private static String first(Metadata headers) {
    Iterable<String> values = headers.getAll(HEADER);
    if (values == null) {
      return null;
    }
    Iterator<String> it = values.iterator();
    return it.hasNext() ? it.next() : null;
  }
}

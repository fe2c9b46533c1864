package io.berth.daemon.server;

import io.berth.api.client.Headers;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.validation.Identifiers;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Iterator;

/**
 * Requires the {@code containerd-namespace} header on namespaced RPCs and validates it as
 * containerd does: missing or empty is FailedPrecondition {@code namespace is required}, a value
 * that is not an identifier is InvalidArgument {@code namespace validation: identifier ...}. The
 * first value of the header counts. The valid namespace is then available through {@link
 * RequestNamespace#current()}. Services that check the header themselves take it as sent ({@link
 * #headerOnly()}).
 *
 * <p>Failures are thrown; the {@link StatusInterceptor} around every service turns them into the
 * call's status.
 */
public final class NamespaceInterceptor implements ServerInterceptor {

  /** The gRPC header carrying the namespace. */
  public static final Metadata.Key<String> HEADER = Headers.NAMESPACE_KEY;

  private final boolean validate;

  private NamespaceInterceptor(boolean validate) {
    this.validate = validate;
  }

  /** For services whose every method needs a valid namespace (containers, leases, ...). */
  public static NamespaceInterceptor required() {
    return new NamespaceInterceptor(true);
  }

  /**
   * For services that read the header but check it themselves, with their own messages
   * (Namespaces publishes its events there; Events/Publish prefixes the error): the header as
   * sent becomes {@link RequestNamespace#header()}.
   */
  public static NamespaceInterceptor headerOnly() {
    return new NamespaceInterceptor(false);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String header = first(headers);
    Context context = validate
        ? Context.current().withValue(RequestNamespace.VALID, validate(header))
        : Context.current().withValue(RequestNamespace.HEADER, header == null ? "" : header);
    return Contexts.interceptCall(context, call, headers, next);
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

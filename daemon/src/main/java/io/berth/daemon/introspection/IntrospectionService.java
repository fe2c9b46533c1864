package io.berth.daemon.introspection;

import com.google.protobuf.Empty;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.filters.Filter;
import io.berth.api.filters.Filters;
import io.berth.api.services.introspection.v1.IntrospectionGrpc;
import io.berth.api.services.introspection.v1.PluginsRequest;
import io.berth.api.services.introspection.v1.PluginsResponse;
import io.berth.api.services.introspection.v1.ServerResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code containerd.services.introspection.v1.Introspection}: what this daemon serves, as
 * containerd-style plugin entries, and the daemon's persistent UUID.
 */
public final class IntrospectionService extends IntrospectionGrpc.IntrospectionImplBase {

  private final List<PluginInfo> plugins;
  private final ServerUuid uuid;

  /**
   * @param root the daemon's root; the UUID lives below it
   * @param plugins every plugin to report, in the order to report them
   */
  public IntrospectionService(Path root, List<PluginInfo> plugins) {
    this.plugins = List.copyOf(plugins);
    this.uuid = new ServerUuid(root);
  }

  @Override
  public void plugins(PluginsRequest request, StreamObserver<PluginsResponse> out) {
    Filter filter;
    try {
      filter = Filters.parse(request.getFiltersList());
    } catch (InvalidArgumentException e) {
      // containerd wraps the parse error, class text included, in one more invalid argument.
      throw new InvalidArgumentException(e.getMessage(), e);
    }
    PluginsResponse.Builder response = PluginsResponse.newBuilder();
    for (PluginInfo p : plugins) {
      if (filter.match(PluginMapper.adaptor(p))) {
        response.addPlugins(PluginMapper.toProto(p));
      }
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void server(Empty request, StreamObserver<ServerResponse> out) {
    out.onNext(ServerResponse.newBuilder().setUuid(uuid.get()).build());
    out.onCompleted();
  }
}

package io.berth.daemon.introspection;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the Introspection plugin list, named as containerd names its plugins so that
 * clients probing for a capability find it: type {@code io.containerd.grpc.v1} with id {@code
 * containers} for the Containers service, and so on.
 *
 * @param type the plugin type, e.g. {@code io.containerd.grpc.v1}
 * @param id the plugin's id within its type
 * @param requires types of the plugins this one depends on
 * @param exports plugin-specific facts, e.g. a root directory
 * @param capabilities optional features the plugin has
 */
public record PluginInfo(
    String type, String id, List<String> requires, Map<String, String> exports,
    List<String> capabilities) {

  /** containerd's plugin type of gRPC services. */
  public static final String GRPC = "io.containerd.grpc.v1";

  public PluginInfo {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    requires = List.copyOf(requires);
    exports = Map.copyOf(exports);
    capabilities = List.copyOf(capabilities);
  }

  /** A plugin with no exports or capabilities. */
  public static PluginInfo of(String type, String id, String... requires) {
    return new PluginInfo(type, id, List.of(requires), Map.of(), List.of());
  }
}

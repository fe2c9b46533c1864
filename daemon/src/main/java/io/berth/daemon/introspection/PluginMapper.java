package io.berth.daemon.introspection;

import io.berth.api.filters.Adaptor;
import io.berth.api.services.introspection.v1.Plugin;
import java.util.Optional;
import java.util.TreeMap;

/** Between {@link PluginInfo} and the wire's {@code Plugin}, and the filter fields of a plugin. */
final class PluginMapper {

  private PluginMapper() {}

  static Plugin toProto(PluginInfo p) {
    return Plugin.newBuilder()
        .setType(p.type())
        .setId(p.id())
        .addAllRequires(p.requires())
        .putAllExports(new TreeMap<>(p.exports()))
        .addAllCapabilities(p.capabilities())
        .build();
  }

  /** Filterable fields: {@code type} and {@code id}, present when not empty. */
  static Adaptor adaptor(PluginInfo p) {
    return path -> {
      if (path.size() != 1) {
        return Optional.empty();
      }
      String v = switch (path.getFirst()) {
        case "type" -> p.type();
        case "id" -> p.id();
        default -> "";
      };
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    };
  }
}

package io.berth.shim.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.shim.cgroups.Resources.DeviceRule;
import io.berth.shim.spec.Resources;
import java.util.ArrayList;
import java.util.List;

/** The spec model's {@code linux.resources} as the cgroups package reads them. */
final class CgroupResources {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
  * The devices runc always allows after the spec's own rules (mknod of any device, the standard
  * nodes, ptys and tun), so that a spec denying all devices can still set up /dev.
  */
  private static final List<DeviceRule> RUNC_ALLOWED = List.of(
      new DeviceRule(true, 'c', null, null, "m"),
      new DeviceRule(true, 'b', null, null, "m"),
      new DeviceRule(true, 'c', 1L, 3L, "rwm"),
      new DeviceRule(true, 'c', 1L, 8L, "rwm"),
      new DeviceRule(true, 'c', 1L, 7L, "rwm"),
      new DeviceRule(true, 'c', 5L, 0L, "rwm"),
      new DeviceRule(true, 'c', 1L, 5L, "rwm"),
      new DeviceRule(true, 'c', 1L, 9L, "rwm"),
      new DeviceRule(true, 'c', 136L, null, "rwm"),
      new DeviceRule(true, 'c', 5L, 2L, "rwm"),
      new DeviceRule(true, 'c', 10L, 200L, "rwm"));

  private CgroupResources() {
  }

  static io.berth.shim.cgroups.Resources of(Resources r) {
    if (r == null) {
      return io.berth.shim.cgroups.Resources.NONE;
    }
    io.berth.shim.cgroups.Resources res =
        io.berth.shim.cgroups.Resources.fromOci(JSON.<com.fasterxml.jackson.databind.JsonNode>valueToTree(r));
    if (res.devices().isEmpty()) {
      return res;
    }
    List<DeviceRule> devices = new ArrayList<>(res.devices());
    devices.addAll(RUNC_ALLOWED);
    return new io.berth.shim.cgroups.Resources(res.memory(), res.cpu(), res.pidsLimit(), devices);
  }
}

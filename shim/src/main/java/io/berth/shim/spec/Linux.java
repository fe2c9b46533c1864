package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The spec's {@code linux} section. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Linux(List<IdMapping> uidMappings, List<IdMapping> gidMappings, Map<String, String> sysctl,
          Resources resources, String cgroupsPath, List<Namespace> namespaces, List<Device> devices,
          Seccomp seccomp, String rootfsPropagation, List<String> maskedPaths,
          List<String> readonlyPaths, String mountLabel) {
  public Linux {
    uidMappings = uidMappings == null ? List.of() : List.copyOf(uidMappings);
    gidMappings = gidMappings == null ? List.of() : List.copyOf(gidMappings);
    sysctl = sysctl == null ? Map.of() : Map.copyOf(sysctl);
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    devices = devices == null ? List.of() : List.copyOf(devices);
    maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
    readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
    cgroupsPath = cgroupsPath == null ? "" : cgroupsPath;
    rootfsPropagation = rootfsPropagation == null ? "" : rootfsPropagation;
  }

  public Linux withNamespaces(List<Namespace> ns) {
    return new Linux(uidMappings, gidMappings, sysctl, resources, cgroupsPath, ns, devices, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel);
  }

  public Linux withSeccomp(Seccomp s) {
    return new Linux(uidMappings, gidMappings, sysctl, resources, cgroupsPath, namespaces, devices, s,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel);
  }

  public Linux withResources(Resources r) {
    return new Linux(uidMappings, gidMappings, sysctl, r, cgroupsPath, namespaces, devices, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel);
  }

  public Linux withCgroupsPath(String p) {
    return new Linux(uidMappings, gidMappings, sysctl, resources, p, namespaces, devices, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel);
  }

  /** A user or group id mapping of a user namespace. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record IdMapping(long containerID, long hostID, long size) {
  }

  /** One {@code linux.namespaces} entry: a type and, to join an existing one, a path. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Namespace(String type, String path) {
    public Namespace {
      path = path == null ? "" : path;
    }
  }

  /** One {@code linux.devices} entry: a device node to create in the container. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Device(String type, String path, long major, long minor, Integer fileMode, Long uid, Long gid) {
    public Device {
      if (path == null || path.isEmpty()) {
        throw new IllegalArgumentException("linux.devices[].path is required");
      }
    }
  }
}

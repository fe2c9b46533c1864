package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An OCI runtime spec (config.json). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Spec(String ociVersion, ProcessSpec process, Root root, String hostname, String domainname,
           List<Mount> mounts, Map<String, String> annotations, Linux linux, Hooks hooks) {
  public Spec {
    hooks = hooks == null ? Hooks.NONE : hooks;
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    hostname = hostname == null ? "" : hostname;
    domainname = domainname == null ? "" : domainname;
  }

  public Spec withProcess(ProcessSpec p) {
    return new Spec(ociVersion, p, root, hostname, domainname, mounts, annotations, linux, hooks);
  }

  public Spec withRoot(Root r) {
    return new Spec(ociVersion, process, r, hostname, domainname, mounts, annotations, linux, hooks);
  }

  public Spec withLinux(Linux l) {
    return new Spec(ociVersion, process, root, hostname, domainname, mounts, annotations, l, hooks);
  }

  public Spec withHostname(String h) {
    return new Spec(ociVersion, process, root, h, domainname, mounts, annotations, linux, hooks);
  }

  public Spec withMounts(List<Mount> m) {
    return new Spec(ociVersion, process, root, hostname, domainname, m, annotations, linux, hooks);
  }
}

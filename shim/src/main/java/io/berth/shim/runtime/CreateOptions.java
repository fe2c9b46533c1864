package io.berth.shim.runtime;

import io.berth.shim.cgroups.Cgroups;
import java.util.Objects;
import java.util.Optional;

/**
 * Runtime options outside the OCI spec.
 *
 * @param noPivotRoot switch root with MS_MOVE and chroot instead of pivot_root (runc's --no-pivot)
 * @param cgroups the cgroup layout the container's cgroup is made in; empty for the layout detected
 *     on the host (e.g. {@code Cgroups.detect().unifiedOnly()} drives a hybrid host's cgroup2 mount)
 */
public record CreateOptions(boolean noPivotRoot, Optional<Cgroups> cgroups) {
  public static final CreateOptions DEFAULT = new CreateOptions(false);

  public CreateOptions {
    Objects.requireNonNull(cgroups, "cgroups");
  }

  public CreateOptions(boolean noPivotRoot) {
    this(noPivotRoot, Optional.empty());
  }

  public CreateOptions withCgroups(Cgroups layout) {
    return new CreateOptions(noPivotRoot, Optional.of(layout));
  }
}

package io.berth.shim.runtime;

/**
 * Runtime options outside the OCI spec.
 *
 * @param noPivotRoot switch root with MS_MOVE and chroot instead of pivot_root (runc's --no-pivot)
 */
public record CreateOptions(boolean noPivotRoot) {
    public static final CreateOptions DEFAULT = new CreateOptions(false);
}

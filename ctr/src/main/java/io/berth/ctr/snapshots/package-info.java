/**
 * {@code berth snapshots}: ctr 1.6's {@code snapshots} commands (prepare, view, commit, ls, tree,
 * mounts, rm, info, usage, label) over the Snapshots service, with ctr's output byte for byte
 * ({@link io.berth.ctr.snapshots.SnapshotsText}) and {@code --format json} records.
 */
package io.berth.ctr.snapshots;

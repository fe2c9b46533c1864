/**
 * The gRPC Snapshots service: a thin adapter ({@link io.berth.daemon.snapshots.SnapshotsService})
 * over {@link io.berth.metadata.snapshots.NamespacedSnapshots}, with one mapper between the wire
 * types and the snapshot records.
 */
package io.berth.daemon.snapshots;

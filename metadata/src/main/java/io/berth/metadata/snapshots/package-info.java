/**
 * containerd's metadata snapshotter: the backend snapshotters of {@link io.berth.snapshots}, seen
 * per namespace. {@link io.berth.metadata.snapshots.NamespacedSnapshots} holds them by name;
 * {@link io.berth.metadata.snapshots.NamespacedSnapshotter} applies containerd's rules, keeps the
 * records in the metadata store ({@link io.berth.metadata.SnapshotStore}: key tree in
 * {@code io.berth.metadata}'s package doc) and publishes the {@code /snapshot/*} events.
 *
 * <p>What a namespace sees and what the backend holds:
 *
 * <pre>
 * namespace "default", key "my key"    --record-->   backend key "default/7/my key"
 * </pre>
 *
 * The sequence number is unique per snapshotter among the backend keys in use (it continues after
 * the highest one found at open), so a key removed in one namespace is free at once and a new
 * snapshot under it never meets the old one in the backend.
 */
package io.berth.metadata.snapshots;

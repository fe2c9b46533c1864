/**
 * What the directory snapshotters (overlayfs and native) share: the metadata store and the
 * snapshot lifecycle over {@code <root>/snapshots/<id>/}.
 *
 * <h2>On disk</h2>
 *
 * <pre>
 * &lt;root&gt;/                      e.g. /var/lib/berth/io.containerd.snapshotter.v1.overlayfs (0700)
 *   metadata.db/                 RocksDB: the records below
 *   snapshots/                   (0700)
 *     &lt;id&gt;/fs                    the snapshot's own layer (0755, owned like the parent's fs)
 *     &lt;id&gt;/work                  overlay only, Active only: overlayfs's workdir (0711)
 *     new-&lt;random&gt;/              a snapshot being created; renamed to &lt;id&gt; once ready
 *     rm-&lt;id&gt;/                   a snapshot being removed
 * </pre>
 *
 * Ids are decimal sequence numbers starting at 1, never reused. A directory whose name is not the
 * id of a record is an orphan that {@code cleanup()} deletes.
 *
 * <h2>The RocksDB key tree (built only by {@link io.berth.snapshots.storage.Keys})</h2>
 *
 * <pre>
 * schema                                  "1": the layout version below; a newer one is refused
 * v1/sequence                             the last id handed out, 8 bytes big-endian
 * v1/snapshots/&lt;key&gt;                     the record of the snapshot named &lt;key&gt; (UTF-8 bytes,
 *                                         any characters): see {@link io.berth.snapshots.storage.RecordCodec}
 * v1/ids/&lt;id&gt;                            &lt;key&gt;: the name that owns id (8 bytes big-endian)
 * v1/children/&lt;parent id&gt;&lt;child id&gt;      &lt;child key&gt;: one per child (two 8-byte big-endian ids),
 *                                         so "has children" is one prefix seek
 * </pre>
 *
 * A record holds: format byte, id, kind (proto number), parent name, created and updated
 * (seconds, nanoseconds), recorded usage (size, inodes; set at commit), and the labels. Every
 * mutating call is one WriteBatch written with the WAL synced. One writer at a time (a lock in
 * {@link io.berth.snapshots.storage.StoredSnapshotter}); readers read RocksDB directly, Walk from a
 * RocksDB snapshot.
 */
package io.berth.snapshots.storage;

/**
 * Berth's metadata store: namespaces, containers and leases in one RocksDB, with containerd's
 * rules and error texts. Open it with {@link io.berth.metadata.MetadataDb#open}.
 *
 * <h2>Key tree</h2>
 *
 * Built only by {@code Keys}. Parts in angle brackets are escaped ({@code %} → {@code %25},
 * {@code /} → {@code %2F}) so no part can reach into another; values are the protobuf messages of
 * {@code src/main/proto/berth/metadata/v1/records.proto} and, for snapshots, {@code snapshots.proto}.
 *
 * <pre>
 * schema                                              SchemaRecord{version}
 * wal-primer                                          never present: put and deleted at each open
 *                                                       (see {@code WalPrimer})
 * v1/&lt;ns&gt;                                             NamespaceRecord{labels, had_containers}
 * v1/&lt;ns&gt;/containers/&lt;id&gt;                             ContainerRecord
 * v1/&lt;ns&gt;/leases/&lt;id&gt;                                 LeaseRecord{created_at, labels}
 * v1/&lt;ns&gt;/leases/&lt;id&gt;/resources/content/&lt;digest&gt;      (empty)
 * v1/&lt;ns&gt;/leases/&lt;id&gt;/resources/ingests/&lt;ref&gt;         (empty)
 * v1/&lt;ns&gt;/leases/&lt;id&gt;/resources/snapshots/&lt;snapshotter&gt;/&lt;key&gt;  (empty)
 * v1/&lt;ns&gt;/images/…                                     reserved: blocks namespace delete
 * v1/&lt;ns&gt;/content/blob/…                               reserved: blocks namespace delete
 * v1/&lt;ns&gt;/snapshots/&lt;snapshotter&gt;/&lt;key&gt;               SnapshotRecord{backend_key, parent, kind,
 *                                                       labels, created_at, updated_at}
 * v1/&lt;ns&gt;/snapshots/&lt;snapshotter&gt;/&lt;key&gt;/children/&lt;child&gt;  (empty): one per child snapshot
 * </pre>
 *
 * <p>Snapshot records are written by {@link io.berth.metadata.SnapshotStore} for the namespaced
 * layer {@link io.berth.metadata.snapshots}; any of them blocks namespace delete
 * ({@code snapshots on "<snapshotter>" snapshotter}).
 *
 * <p>Listing a kind is a prefix scan ({@code v1/<ns>/containers/}); children of a prefix are
 * found by skipping each child's subtree with one seek, so listing namespaces or leases does not
 * read their contents. A namespace's record exists from its first write (explicit or implicit)
 * until it is deleted; deleting it removes everything under {@code v1/<ns>/}.
 *
 * <h2>Guarantees</h2>
 *
 * Every mutation is one WriteBatch written with a synced WAL before the call returns. Mutations
 * of one object are serialized by a striped per-key lock; namespace delete excludes all writers
 * of that namespace. RocksDB errors become {@link io.berth.api.errors.UnknownException}s naming
 * the store and key; nothing from RocksDB leaks out.
 */
package io.berth.metadata;

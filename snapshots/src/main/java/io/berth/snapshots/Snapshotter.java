package io.berth.snapshots;

import io.berth.mount.Mount;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A store of layered filesystem snapshots, with containerd's snapshotter semantics
 * ({@code snapshots/snapshotter.go}): Prepare makes an Active snapshot, View a read-only one,
 * Commit turns an Active one into a Committed one under a new name. Keys and names share one key
 * space; they are arbitrary non-empty strings and never name a path. Only Committed snapshots can
 * be parents.
 *
 * <p>A snapshotter only describes mounts; {@link io.berth.mount.Mounter} performs them.
 *
 * <p>Errors are {@link io.berth.api.errors.BerthException}s with containerd's classes and texts:
 * NotFound {@code snapshot <key> does not exist}, AlreadyExists {@code snapshot "<key>"},
 * InvalidArgument for a parent that is not Committed or a bad update path, FailedPrecondition for
 * committing a non-Active snapshot, mounting a Committed one or removing one with children.
 * Implementations are safe for concurrent use.
 */
public interface Snapshotter extends AutoCloseable {

  /** The snapshot called {@code key}, of any kind. */
  Info stat(String key);

  /**
   * Changes the labels of {@code info.name()}; nothing else can change. {@code fieldPaths} may hold
   * {@code labels} (replace all) and {@code labels.<key>} (set or, with no or an empty value in
   * {@code info}, delete one); none means replace all labels. Any other path is InvalidArgument.
   * Sets {@code updated} to now and returns the stored result.
   */
  Info update(Info info, Set<String> fieldPaths);

  /**
   * The disk used by the snapshot's own layer (parents excluded): measured live for an Active
   * snapshot, as recorded at commit for a Committed one, zero for a View.
   */
  Usage usage(String key);

  /** How to mount the Active or View snapshot {@code key}; Committed is FailedPrecondition. */
  List<Mount> mounts(String key);

  /**
   * Makes an Active (writable) snapshot {@code key} on top of the Committed {@code parent} ("" or
   * null for an empty base) and returns how to mount it.
   */
  List<Mount> prepare(String key, String parent, Map<String, String> labels);

  /** Makes a read-only View snapshot {@code key} of {@code parent} and returns how to mount it. */
  List<Mount> view(String key, String parent, Map<String, String> labels);

  /**
   * Turns the Active snapshot {@code key} into the Committed snapshot {@code name} with
   * {@code labels} (the key's labels are not carried over); records its disk usage; {@code key}
   * stops existing. The layer must no longer be mounted writable.
   */
  void commit(String name, String key, Map<String, String> labels);

  /** Removes a snapshot of any kind and its directories; one with children is FailedPrecondition. */
  void remove(String key);

  /**
   * Calls {@code fn} for each snapshot matching the filters (containerd's filter language over the
   * fields {@code name}, {@code parent}, {@code kind} and {@code labels.<key>}; several filters
   * are OR'd; none matches all). A bad filter is InvalidArgument. {@code fn} may call back into
   * this snapshotter. An exception from {@code fn} stops the walk and propagates.
   */
  void walk(Consumer<Info> fn, String... filters);

  /** Removes directories that no snapshot record owns (left by crashes or failed removals). */
  void cleanup();

  /** Releases the metadata store. Safe to call more than once; later calls other than close fail. */
  @Override
  void close();
}

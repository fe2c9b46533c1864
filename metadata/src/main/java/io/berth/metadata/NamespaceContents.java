package io.berth.metadata;

import java.util.List;

/**
 * Reports what a namespace still holds of one kind of object, for {@link NamespaceStore#delete}:
 * a namespace can be deleted only when every check reports nothing. Checks run while the
 * namespace is held exclusively (see {@link MetadataDb#useNamespace}).
 */
@FunctionalInterface
public interface NamespaceContents {

  /**
   * Descriptions of what {@code namespace} still holds, in containerd's words (e.g.
   * {@code containers}, {@code snapshots on "overlayfs" snapshotter}); empty when nothing.
   */
  List<String> describe(String namespace);
}

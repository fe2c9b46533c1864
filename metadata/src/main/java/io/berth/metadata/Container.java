package io.berth.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A container's metadata record, as containerd's Containers service carries it.
 *
 * <p>As a request to {@link ContainerStore#create} or {@link ContainerStore#update} the
 * timestamps are ignored (they may be null); as a result they are always set. {@code spec} is
 * null when unset; an empty {@link TypedValue} is a set spec. Label values of "" mean "no such
 * label" and are dropped by the store.
 *
 * @param id an identifier, unique in its namespace
 * @param runtime the runtime name (required by the store) and its options (null = unset)
 * @param snapshotter required when {@code snapshotKey} is set
 */
public record Container(
    String id,
    Map<String, String> labels,
    String image,
    Runtime runtime,
    TypedValue spec,
    String snapshotter,
    String snapshotKey,
    Instant createdAt,
    Instant updatedAt,
    Map<String, TypedValue> extensions) {

  /** The runtime that runs the container's tasks, e.g. {@code io.containerd.runc.v2}. */
  public record Runtime(String name, TypedValue options) {
    public static final Runtime UNSET = new Runtime("", null);

    public Runtime {
      Objects.requireNonNull(name, "runtime name");
    }
  }

  public Container {
    Objects.requireNonNull(id, "id");
    labels = Maps.sortedCopy(labels, "label");
    image = image == null ? "" : image;
    runtime = runtime == null ? Runtime.UNSET : runtime;
    snapshotter = snapshotter == null ? "" : snapshotter;
    snapshotKey = snapshotKey == null ? "" : snapshotKey;
    extensions = Maps.sortedCopy(extensions, "extension");
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  public Builder toBuilder() {
    return new Builder(id)
        .labels(labels)
        .image(image)
        .runtime(runtime)
        .spec(spec)
        .snapshotter(snapshotter)
        .snapshotKey(snapshotKey)
        .createdAt(createdAt)
        .updatedAt(updatedAt)
        .extensions(extensions);
  }

  /** Builds a {@link Container}; unset strings are "", unset maps are empty. */
  public static final class Builder {
    private String id;
    private Map<String, String> labels = Map.of();
    private String image = "";
    private Runtime runtime = Runtime.UNSET;
    private TypedValue spec;
    private String snapshotter = "";
    private String snapshotKey = "";
    private Instant createdAt;
    private Instant updatedAt;
    private Map<String, TypedValue> extensions = Map.of();

    private Builder(String id) {
      this.id = id;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    public Builder image(String image) {
      this.image = image;
      return this;
    }

    public Builder runtime(Runtime runtime) {
      this.runtime = runtime;
      return this;
    }

    public Builder runtime(String name, TypedValue options) {
      this.runtime = new Runtime(name, options);
      return this;
    }

    public Builder spec(TypedValue spec) {
      this.spec = spec;
      return this;
    }

    public Builder snapshotter(String snapshotter) {
      this.snapshotter = snapshotter;
      return this;
    }

    public Builder snapshotKey(String snapshotKey) {
      this.snapshotKey = snapshotKey;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder extensions(Map<String, TypedValue> extensions) {
      this.extensions = extensions;
      return this;
    }

    public Container build() {
      return new Container(id, labels, image, runtime, spec, snapshotter, snapshotKey, createdAt,
          updatedAt, extensions);
    }
  }
}

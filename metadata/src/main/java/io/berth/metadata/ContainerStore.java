package io.berth.metadata;

import com.google.protobuf.ByteString;
import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.filters.Always;
import io.berth.api.filters.Filter;
import io.berth.api.validation.GoQuote;
import io.berth.api.validation.Identifiers;
import io.berth.api.validation.Labels;
import io.berth.metadata.stored.NamespaceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Containers per namespace, with containerd's validation, update field paths, error texts and
 * timestamps (see CONTRACT.md §5). Every mutation is one synced write; concurrent updates of one
 * container are serialized, so none is lost.
 *
 * <p>One deliberate difference: replacing {@code extensions} (path {@code extensions} or a full
 * update) really replaces the map. containerd never clears its extensions bucket, so its Get
 * shows keys that its Update response had dropped; here Get always returns what Update returned.
 * containerd's other quirk is kept: {@code extensions.<key>} with the key absent from the
 * request stores an empty value rather than deleting the key.
 */
public final class ContainerStore {

  private static final List<String> FULL_UPDATE =
      List.of("labels", "spec", "extensions", "image", "snapshotkey");

  /**
   * Blocks kept for {@link #listEmbedded(String, List, int, Consumer)}: 32 MiB, enough for two
   * lists of the largest answer a containerd client accepts (16 MiB, ~16,000 containers) built at
   * once, as berthd does on a 2-core machine (large lists run on its read pool, one thread per
   * core). With 2 MiB kept per thread instead, each list of 10,000 left ~8 MB of blocks that
   * berthd's small young generation promoted: the old generation grew by hundreds of MB between
   * full collections and such lists ran at a third of their speed. Every list borrows at least
   * one 64 KiB block; the pool grows only as far as the lists in flight at once need.
   */
  private static final int POOLED_BLOCKS = 512;

  /**
   * Bytes of Get answers kept ready ({@link AnswerCache}): 8 MiB holds about 7,000 containers of
   * ctr's shape (a 1 KB record), or a few hundred with Docker's larger specs.
   */
  private static final long ANSWER_CACHE_BYTES = 8L << 20;

  private final StoreContext ctx;
  private final BlockPool blocks = new BlockPool(POOLED_BLOCKS);
  private final AnswerCache answers = new AnswerCache(ANSWER_CACHE_BYTES);

  ContainerStore(StoreContext ctx) {
    this.ctx = ctx;
  }

  /** The container, or NotFound {@code container "<id>" in namespace "<ns>"}. */
  public Container get(String namespace, String id) {
    String ns = NamespaceRule.require(namespace);
    Container c = Identifiers.isValid(id) ? read(ns, id) : null;
    if (c == null) {
      throw notFound(ns, id);
    }
    return c;
  }

  /**
   * As {@link #get}, in containerd's wire encoding, ready to send: the encoding of a message
   * whose field {@code field} holds the {@code containerd.services.containers.v1.Container},
   * re-encoded from the stored record without decoding it (for a server that relays it).
   */
  public ByteString getEmbedded(String namespace, String id, int field) {
    String ns = NamespaceRule.require(namespace);
    if (!Identifiers.isValid(id)) {
      throw notFound(ns, id);
    }
    return answers.get(new AnswerCache.Name(ns, id), field, () -> {
      byte[] key = Keys.container(ns, id);
      byte[] value = ctx.rocks.get(key);
      if (value == null) {
        throw notFound(ns, id);
      }
      return Codec.embedded(field, id, key, value);
    });
  }

  private static NotFoundException notFound(String ns, String id) {
    return new NotFoundException(
        "container " + GoQuote.quote(id) + " in namespace " + GoQuote.quote(ns));
  }

  /** The containers matching any of the filters (all when none), ordered by id. */
  public List<Container> list(String namespace, String... filters) {
    return list(namespace, List.of(filters));
  }

  public List<Container> list(String namespace, List<String> filters) {
    String ns = NamespaceRule.require(namespace);
    Filter filter = StoreFilters.parse(filters);
    boolean all = filter instanceof Always;
    byte[] prefix = Keys.containers(ns);
    List<Container> out = new ArrayList<>();
    ctx.rocks.scan(prefix, (key, value) -> {
      String id = Keys.unsegment(Keys.rest(key, prefix));
      if (all || filter.match(Codec.containerFields(id, key, value, value.length))) {
        out.add(Codec.container(id, key, value));
      }
      return true;
    });
    return out;
  }

  /**
   * As {@link #list}, in the wire encoding of {@link #getEmbedded}: the encoding of a message
   * whose repeated field {@code field} holds the matching containers in order. Values are read
   * into one reused buffer and written into blocks, so a large list allocates little more than
   * its own bytes.
   */
  public ByteString listEmbedded(String namespace, List<String> filters, int field) {
    Embedding out = new Embedding(field);
    embedAll(namespace, filters, out);
    return out.finish();
  }

  /**
   * As {@link #listEmbedded(String, List, int)}, handing the encoding to {@code send}, which must
   * be done with the bytes when it returns: they lie in blocks borrowed from a pool that the next
   * lists reuse, so that lists neither allocate their bytes nor leave them as garbage.
   */
  public void listEmbedded(String namespace, List<String> filters, int field,
      Consumer<ByteString> send) {
    Embedding out = Embedding.reusing(field, blocks);
    try {
      embedAll(namespace, filters, out);
      send.accept(out.finish());
    } finally {
      out.recycle();
    }
  }

  private void embedAll(String namespace, List<String> filters, Embedding out) {
    String ns = NamespaceRule.require(namespace);
    Filter filter = StoreFilters.parse(filters);
    boolean all = filter instanceof Always;
    byte[] prefix = Keys.containers(ns);
    ctx.rocks.scanReusing(prefix, (key, value, length) -> {
      String id = Keys.unsegment(Keys.rest(key, prefix));
      if (all || filter.match(Codec.containerFields(id, key, value, length))) {
        Codec.embed(out, id, key, value, length);
      }
      return true;
    });
  }

  /**
   * Validates and stores a new container with CreatedAt = UpdatedAt = now; labels with empty
   * values are dropped. Returns the stored container.
   */
  public Container create(String namespace, Container container) {
    String ns = NamespaceRule.require(namespace);
    try {
      validate(container);
    } catch (BerthException e) {
      throw e.withPrefix("create container failed validation");
    }
    byte[] key = Keys.container(ns, container.id());
    try (Locks.Held _ = ctx.locks.namespace(ns).shared();
        Locks.Held _ = ctx.locks.key(key)) {
      if (ctx.rocks.get(key) != null) {
        throw new AlreadyExistsException("container " + GoQuote.quote(container.id()));
      }
      Instant now = ctx.now();
      Container stored = normalized(container.toBuilder().createdAt(now).updatedAt(now).build());
      byte[] value = Codec.container(stored);
      write(ns, stored.id(), () -> ctx.writeInNamespace(ns, true, new Batch().put(key, value)));
      return Codec.container(stored.id(), key, value);
    }
  }

  /**
   * Applies {@code request} to the stored container along the field paths (all of labels, spec,
   * extensions, image and snapshotkey when none, which also requires the snapshotter and runtime
   * name to be unchanged), validates the result and stores it with UpdatedAt = now (strictly
   * after the previous value). Returns the stored container, which a later get returns too.
   */
  public Container update(String namespace, Container request, Collection<String> fieldPaths) {
    String ns = NamespaceRule.require(namespace);
    String id = request.id();
    if (id.isEmpty()) {
      throw new InvalidArgumentException("must specify a container id");
    }
    if (!Identifiers.isValid(id)) {
      throw notFoundForUpdate(ns, id);
    }
    byte[] key = Keys.container(ns, id);
    try (Locks.Held _ = ctx.locks.namespace(ns).shared();
        Locks.Held _ = ctx.locks.key(key)) {
      Container current = read(ns, id);
      if (current == null) {
        throw notFoundForUpdate(ns, id);
      }
      Container merged = merge(current, request, fieldPaths);
      try {
        validate(merged);
      } catch (BerthException e) {
        throw e.withPrefix("update failed validation");
      }
      Instant now = ctx.now();
      if (!now.isAfter(current.updatedAt())) {
        now = current.updatedAt().plusNanos(1);
      }
      Container stored = normalized(
          merged.toBuilder().createdAt(current.createdAt()).updatedAt(now).build());
      byte[] value = Codec.container(stored);
      write(ns, id, () -> ctx.rocks.write(new Batch().replace(key, value)));
      return Codec.container(id, key, value);
    }
  }

  /** Deletes the container; NotFound when it does not exist. Does not look at tasks. */
  public void delete(String namespace, String id) {
    String ns = NamespaceRule.require(namespace);
    byte[] key = Keys.container(ns, id);
    try (Locks.Held _ = ctx.locks.namespace(ns).shared();
        Locks.Held _ = ctx.locks.key(key)) {
      if (!Identifiers.isValid(id) || ctx.rocks.get(key) == null) {
        if (!hadContainers(ns)) {
          throw new NotFoundException("cannot delete container " + GoQuote.quote(id)
              + " in namespace " + GoQuote.quote(ns));
        }
        throw new NotFoundException("container " + id);
      }
      write(ns, id, () -> ctx.rocks.write(new Batch().delete(key)));
    }
  }

  /**
   * Runs a write of one container and then forgets its cached answer, also when the write failed
   * (it may have reached the store all the same).
   */
  private void write(String ns, String id, Runnable write) {
    try {
      write.run();
    } finally {
      answers.invalidate(new AnswerCache.Name(ns, id));
    }
  }

  private Container read(String ns, String id) {
    byte[] key = Keys.container(ns, id);
    byte[] value = ctx.rocks.get(key);
    return value == null ? null : Codec.container(id, key, value);
  }

  private boolean hadContainers(String ns) {
    NamespaceRecord r = ctx.namespaceRecord(ns);
    return r != null && r.getHadContainers();
  }

  private NotFoundException notFoundForUpdate(String ns, String id) {
    if (!hadContainers(ns)) {
      return new NotFoundException("cannot update container " + GoQuote.quote(id)
          + " in namespace " + GoQuote.quote(ns));
    }
    return new NotFoundException("container " + GoQuote.quote(id));
  }

  private static Container merge(Container current, Container request,
      Collection<String> fieldPaths) {
    List<String> paths = List.copyOf(fieldPaths);
    if (paths.isEmpty()) {
      paths = FULL_UPDATE;
      if (!current.snapshotter().equals(request.snapshotter())) {
        throw new InvalidArgumentException("container.Snapshotter field is immutable");
      }
      if (!current.runtime().name().equals(request.runtime().name())) {
        throw new InvalidArgumentException("container.Runtime.Name field is immutable");
      }
    }
    Container.Builder b = current.toBuilder();
    Map<String, String> labels = new TreeMap<>(current.labels());
    Map<String, TypedValue> extensions = new TreeMap<>(current.extensions());
    for (String path : paths) {
      if (path.startsWith("labels.")) {
        String k = path.substring("labels.".length());
        labels.put(k, request.labels().getOrDefault(k, ""));
        continue;
      }
      if (path.startsWith("extensions.")) {
        String k = path.substring("extensions.".length());
        extensions.put(k, request.extensions().getOrDefault(k, TypedValue.EMPTY));
        continue;
      }
      switch (path) {
        case "labels" -> labels = new TreeMap<>(request.labels());
        case "spec" -> b.spec(request.spec());
        case "extensions" -> extensions = new TreeMap<>(request.extensions());
        case "image" -> b.image(request.image());
        case "snapshotkey" -> b.snapshotKey(request.snapshotKey());
        default -> throw new InvalidArgumentException("cannot update " + GoQuote.quote(path)
            + " field on " + GoQuote.quote(request.id()));
      }
    }
    return b.labels(labels).extensions(extensions).build();
  }

  /** containerd's validateContainer, in its order. */
  static void validate(Container c) {
    try {
      Identifiers.validate(c.id());
    } catch (InvalidArgumentException e) {
      throw e.withPrefix("container.ID");
    }
    if (c.extensions().containsKey("")) {
      throw new InvalidArgumentException("container.Extension keys must not be zero-length");
    }
    for (Map.Entry<String, String> e : c.labels().entrySet()) {
      try {
        Labels.validate(e.getKey(), e.getValue());
      } catch (InvalidArgumentException ex) {
        throw ex.withPrefix("containers.Labels");
      }
    }
    if (c.runtime().name().isEmpty()) {
      throw new InvalidArgumentException("container.Runtime.Name must be set");
    }
    if (c.spec() == null) {
      throw new InvalidArgumentException("container.Spec must be set");
    }
    if (!c.snapshotKey().isEmpty() && c.snapshotter().isEmpty()) {
      throw new InvalidArgumentException(
          "container.Snapshotter must be set if container.SnapshotKey is set");
    }
  }

  /** Drops labels with empty values; refuses an empty label key as bolt does. */
  private static Container normalized(Container c) {
    Map<String, String> labels = new TreeMap<>();
    for (Map.Entry<String, String> e : c.labels().entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      if (e.getKey().isEmpty()) {
        throw new UnknownException("failed to write container " + GoQuote.quote(c.id())
            + ": failed to set label " + GoQuote.quote("") + "=" + GoQuote.quote(e.getValue())
            + ": key required");
      }
      labels.put(e.getKey(), e.getValue());
    }
    return c.toBuilder().labels(labels).build();
  }
}

package io.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.errors.UnknownException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaseStoreTest extends StoreTestBase {

  static final String DIGEST =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  LeaseStore store() {
    return db.leases();
  }

  @Test
  void createWithIdAndLabels() {
    Map<String, String> labels = new HashMap<>(Map.of("containerd.io/gc.expire", "2024", "e", ""));
    Lease l = store().create("default", "build-1", labels);
    assertThat(l).isEqualTo(new Lease("build-1", T0, Map.of("containerd.io/gc.expire", "2024")));
    assertThat(store().list("default")).containsExactly(l);
    assertThat(db.namespaces().list()).extracting(Namespace::name).containsExactly("default");
  }

  @Test
  void createGeneratesAnIdWhenEmpty() {
    Lease a = store().create("default", "", Map.of());
    Lease b = store().create("default", null, Map.of());
    assertThat(a.id()).matches("[0-9]+-[A-Za-z0-9_-]{4}");
    assertThat(b.id()).isNotEqualTo(a.id());
    assertThat(store().list("default")).hasSize(2);
  }

  @Test
  void createRefusesADuplicate() {
    store().create("default", "l", Map.of());
    assertThatThrownBy(() -> store().create("default", "l", Map.of()))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("lease \"l\": already exists");
    assertThatThrownBy(() -> store().create("default", "m", Map.of("", "v")))
        .isInstanceOf(UnknownException.class)
        .hasMessage("failed to set label \"\"=\"v\": key required");
  }

  @Test
  void freeFormIdsStayInTheirPlace() {
    Lease slash = store().create("default", "a/b%2F/resources", Map.of());
    store().create("default", "a", Map.of());
    store().addResource("default", "a/b%2F/resources", new LeaseResource("x/y", "ingests"));
    assertThat(store().list("default")).extracting(Lease::id)
        .containsExactlyInAnyOrder("a", "a/b%2F/resources");
    assertThat(store().listResources("default", "a")).isEmpty();
    assertThat(store().listResources("default", slash.id()))
        .containsExactly(new LeaseResource("x/y", "ingests"));
  }

  @Test
  void deleteRemovesTheLeaseAndItsResources() {
    store().create("default", "l", Map.of());
    store().addResource("default", "l", new LeaseResource(DIGEST, "content"));
    store().delete("default", "l");
    assertThat(store().list("default")).isEmpty();
    assertThatThrownBy(() -> store().delete("default", "l"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("lease \"l\": not found");
    store().create("default", "l", Map.of());
    assertThat(store().listResources("default", "l")).isEmpty();
  }

  @Test
  void listFilters() {
    store().create("default", "b", Map.of("kind", "build"));
    store().create("default", "a", Map.of("kind", "pull", "containerd.io/gc.flat", "x"));
    store().create("other", "c", Map.of());
    assertThat(store().list("default")).extracting(Lease::id).containsExactly("a", "b");
    assertThat(store().list("default", "labels.kind==build")).extracting(Lease::id)
        .containsExactly("b");
    assertThat(store().list("default", "id==a", "id==b")).extracting(Lease::id)
        .containsExactly("a", "b");
    assertThat(store().list("default", "labels.\"containerd.io/gc.flat\"")).extracting(Lease::id)
        .containsExactly("a");
    assertThatThrownBy(() -> store().list("default", "labels.containerd.io/gc.flat"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("quoted literal not terminated");
  }

  @Test
  void resourcesAreListedByKind() {
    store().create("default", "l", Map.of());
    store().addResource("default", "l", new LeaseResource("snap-2", "snapshots/overlayfs"));
    store().addResource("default", "l", new LeaseResource("ingest-ref", "ingests"));
    store().addResource("default", "l", new LeaseResource(DIGEST, "content"));
    store().addResource("default", "l", new LeaseResource("/abs/key", "snapshots/native"));
    store().addResource("default", "l", new LeaseResource(DIGEST, "content"));
    assertThat(store().listResources("default", "l")).containsExactly(
        new LeaseResource(DIGEST, "content"),
        new LeaseResource("ingest-ref", "ingests"),
        new LeaseResource("/abs/key", "snapshots/native"),
        new LeaseResource("snap-2", "snapshots/overlayfs"));
    store().deleteResource("default", "l", new LeaseResource("ingest-ref", "ingests"));
    store().deleteResource("default", "l", new LeaseResource("never", "ingests"));
    assertThat(store().listResources("default", "l")).hasSize(3)
        .doesNotContain(new LeaseResource("ingest-ref", "ingests"));
  }

  @Test
  void resourceTypeRules() {
    store().create("default", "l", Map.of());
    assertResourceError(new LeaseResource("x", "content/extra"), InvalidArgumentException.class,
        "invalid resource type content/extra: invalid argument");
    assertResourceError(new LeaseResource("x", "ingests/extra"), InvalidArgumentException.class,
        "invalid resource type ingests/extra: invalid argument");
    assertResourceError(new LeaseResource("x", "snapshots"), InvalidArgumentException.class,
        "invalid snapshot resource type snapshots: invalid argument");
    assertResourceError(new LeaseResource("x", "snapshots/a/b"), InvalidArgumentException.class,
        "invalid snapshot resource type snapshots/a/b: invalid argument");
    assertResourceError(new LeaseResource("x", "images"), NotImplementedException.class,
        "resource type images not supported yet: not implemented");
    assertResourceError(new LeaseResource("x", ""), NotImplementedException.class,
        "resource type  not supported yet: not implemented");
    assertResourceError(new LeaseResource("x", "snapshots/"), UnknownException.class,
        "bucket name required");
    assertResourceError(new LeaseResource("", "ingests"), UnknownException.class, "key required");
    assertThat(store().listResources("default", "l")).isEmpty();
  }

  @Test
  void contentIdsMustBeDigests() {
    store().create("default", "l", Map.of());
    assertResourceError(new LeaseResource("nope", "content"), InvalidArgumentException.class,
        "invalid content resource id nope: invalid checksum digest format: invalid argument");
    assertResourceError(new LeaseResource("sha256:abc", "content"), InvalidArgumentException.class,
        "invalid content resource id sha256:abc: invalid checksum digest length: invalid argument");
    assertResourceError(new LeaseResource("md5:abc", "content"), InvalidArgumentException.class,
        "invalid content resource id md5:abc: unsupported digest algorithm: invalid argument");
    assertResourceError(new LeaseResource("sha256:" + "E".repeat(64), "content"),
        InvalidArgumentException.class, "invalid content resource id sha256:" + "E".repeat(64)
            + ": invalid checksum digest format: invalid argument");
    store().addResource("default", "l", new LeaseResource("sha512:" + "0".repeat(128), "content"));
  }

  private void assertResourceError(LeaseResource r, Class<? extends Exception> type, String msg) {
    assertThatThrownBy(() -> store().addResource("default", "l", r)).isInstanceOf(type)
        .hasMessage(msg);
  }

  @Test
  void aMissingLeaseIsNotFoundBeforeTheTypeIsChecked() {
    for (Runnable call : List.<Runnable>of(
        () -> store().addResource("default", "none", new LeaseResource("x", "bogus")),
        () -> store().deleteResource("default", "none", new LeaseResource("x", "bogus")),
        () -> store().listResources("default", "none"))) {
      assertThatThrownBy(call::run).isInstanceOf(NotFoundException.class)
          .hasMessage("lease \"none\": not found");
    }
  }

  @Test
  void deleteResourceChecksTheType() {
    store().create("default", "l", Map.of());
    assertThatThrownBy(() -> store().deleteResource("default", "l", new LeaseResource("x", "bogus")))
        .isInstanceOf(NotImplementedException.class);
  }

  @Test
  void leasesSurviveAReopen() {
    Lease l = store().create("default", "l", Map.of("a", "b"));
    store().addResource("default", "l", new LeaseResource(DIGEST, "content"));
    reopen();
    assertThat(store().list("default")).containsExactly(l);
    assertThat(store().listResources("default", "l"))
        .containsExactly(new LeaseResource(DIGEST, "content"));
  }
}

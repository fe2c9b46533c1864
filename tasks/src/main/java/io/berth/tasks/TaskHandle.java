package io.berth.tasks;

import java.util.concurrent.CompletableFuture;

/** berthd's view of one running task: its bundle, the shim process and the connection to it. */
final class TaskHandle {
    final Bundle bundle;
    final ShimClient client;
    final ProcessRef shim;
    final long initPid;
    /** Completed when the task ends with its shim (the exit berthd reports for a dead shim). */
    final CompletableFuture<ExitResult> lost = new CompletableFuture<>();

    TaskHandle(Bundle bundle, ShimClient client, ProcessRef shim, long initPid) {
        this.bundle = bundle;
        this.client = client;
        this.shim = shim;
        this.initPid = initPid;
    }

    String key() {
        return key(bundle.namespace, bundle.id);
    }

    static String key(String namespace, String id) {
        return namespace + "/" + id;
    }
}

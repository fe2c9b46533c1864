/**
 * Building and reading {@code google.protobuf.Any} the way containerd does.
 *
 * <p>containerd's Go clients resolve an Any by its whole type URL, so Berth writes URLs with no
 * {@code type.googleapis.com/} prefix: a protobuf payload's URL is its full message name
 * ({@code containerd.events.TaskExit}), an OCI JSON payload's URL is one of the
 * {@code types.containerd.io/...} names. protobuf-java's own {@code Any.pack}/{@code unpack}
 * assume the prefix, so use {@link io.berth.api.anys.Anys} instead.
 */
package io.berth.api.anys;

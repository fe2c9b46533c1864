/**
 * A Java client of the containerd v1 API as berthd (or containerd) serves it: {@link
 * io.berth.api.client.BerthClient} owns the channel, {@link io.berth.api.client.Stubs} hands out
 * blocking, future and async stubs that carry the namespace and lease headers.
 */
package io.berth.api.client;

/**
 * The event exchange: containerd's publish, forward and subscribe semantics for Berth's
 * services, shims and embedders. See {@link io.berth.events.Exchange}.
 */
package io.berth.events;

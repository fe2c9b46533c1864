package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The spec's {@code root}: the rootfs path (relative to the bundle or absolute). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Root(String path, boolean readonly) {
}

package io.berth.shim.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.shim.spec.Resources;

/** The spec model's {@code linux.resources} as the cgroups package reads them. */
final class CgroupResources {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CgroupResources() {
    }

    static io.berth.shim.cgroups.Resources of(Resources r) {
        return r == null ? io.berth.shim.cgroups.Resources.NONE
                : io.berth.shim.cgroups.Resources.fromOci(JSON.<com.fasterxml.jackson.databind.JsonNode>valueToTree(r));
    }
}

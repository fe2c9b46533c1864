package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One entry of the spec's {@code mounts}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mount(String destination, String type, String source, List<String> options) {
    public Mount {
        if (destination == null || destination.isEmpty()) {
            throw new IllegalArgumentException("mounts[].destination is required");
        }
        options = options == null ? List.of() : List.copyOf(options);
    }
}

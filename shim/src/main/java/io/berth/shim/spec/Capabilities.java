package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The spec's {@code process.capabilities}: five sets of names like {@code CAP_CHOWN}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable,
                           List<String> permitted, List<String> ambient) {
    public Capabilities {
        bounding = bounding == null ? List.of() : List.copyOf(bounding);
        effective = effective == null ? List.of() : List.copyOf(effective);
        inheritable = inheritable == null ? List.of() : List.copyOf(inheritable);
        permitted = permitted == null ? List.of() : List.copyOf(permitted);
        ambient = ambient == null ? List.of() : List.copyOf(ambient);
    }
}

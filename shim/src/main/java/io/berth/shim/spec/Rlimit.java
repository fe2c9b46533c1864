package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** One {@code process.rlimits} entry, e.g. {@code RLIMIT_NOFILE}; limits are unsigned 64-bit. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Rlimit(String type,
                     @JsonDeserialize(using = UnsignedLongDeserializer.Primitive.class) long hard,
                     @JsonDeserialize(using = UnsignedLongDeserializer.Primitive.class) long soft) {
    public Rlimit {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("process.rlimits[].type is required");
        }
    }
}

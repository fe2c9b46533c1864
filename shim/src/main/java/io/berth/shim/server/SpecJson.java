package io.berth.shim.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Resources;
import java.io.IOException;

/** The OCI JSON documents carried in shim requests: an exec's Process and Update's LinuxResources. */
final class SpecJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

    private SpecJson() {
    }

    static ProcessSpec process(byte[] json) {
        return read(json, ProcessSpec.class, "process spec");
    }

    static Resources resources(byte[] json) {
        return read(json, Resources.class, "resources");
    }

    private static <T> T read(byte[] json, Class<T> type, String what) {
        if (json.length == 0) {
            throw new InvalidArgumentException(what + " is empty");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidArgumentException(what + " is null");
            }
            return value;
        } catch (IOException e) {
            throw new InvalidArgumentException("invalid " + what + ": " + e.getMessage());
        }
    }
}

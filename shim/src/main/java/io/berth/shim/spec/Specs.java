package io.berth.shim.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.api.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes OCI runtime specs. Malformed specs give {@link InvalidArgumentException}. */
public final class Specs {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true);

    private Specs() {
    }

    public static Spec parse(byte[] json) throws InvalidArgumentException {
        try {
            Spec spec = MAPPER.readValue(json, Spec.class);
            if (spec == null) {
                throw new InvalidArgumentException("OCI spec: empty document");
            }
            return spec;
        } catch (JsonMappingException e) {
            throw new InvalidArgumentException("OCI spec: " + describe(e));
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException("OCI spec: malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidArgumentException("OCI spec: " + e.getMessage());
        }
    }

    /** Reads {@code config.json} (or any spec file). */
    public static Spec read(Path file) throws InvalidArgumentException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("OCI spec " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidArgumentException("OCI spec " + file + ": " + e.getMessage());
        }
        return parse(bytes);
    }

    public static byte[] toJson(Spec spec) {
        try {
            return MAPPER.writeValueAsBytes(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an OCI spec", e);
        }
    }

    public static void write(Spec spec, Path file) throws IOException {
        Files.write(file, toJson(spec));
    }

    private static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
        String what = cause != null ? cause.getMessage() : e.getOriginalMessage();
        return path.isEmpty() ? what : "field " + path + ": " + what;
    }
}

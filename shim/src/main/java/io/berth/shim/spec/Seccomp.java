package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/** The spec's {@code linux.seccomp}: a default action and per-syscall rules. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                      List<String> flags, String listenerPath, String listenerMetadata, List<Syscall> syscalls) {
    public Seccomp {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        flags = flags == null ? List.of() : List.copyOf(flags);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /** A rule: the action for calls to any of {@code names} whose arguments match all of {@code args}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {
        public Syscall {
            names = names == null ? List.of() : List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /** An argument condition: {@code args[index] op value} (with {@code valueTwo} for SCMP_CMP_MASKED_EQ). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Arg(int index,
                      @JsonDeserialize(using = UnsignedLongDeserializer.Primitive.class) long value,
                      @JsonDeserialize(using = UnsignedLongDeserializer.Primitive.class) long valueTwo,
                      String op) {
    }
}

package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The spec's {@code process.user}. Ids are non-negative 32-bit values. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record User(long uid, long gid, Integer umask, List<Long> additionalGids, String username) {
    public User {
        checkId("process.user.uid", uid);
        checkId("process.user.gid", gid);
        additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
        for (long g : additionalGids) {
            checkId("process.user.additionalGids", g);
        }
        if (umask != null && (umask < 0 || umask > 0777)) {
            throw new IllegalArgumentException("process.user.umask " + umask + " is out of range");
        }
    }

    private static void checkId(String field, long id) {
        if (id < 0 || id > 0xffffffffL) {
            throw new IllegalArgumentException(field + " " + id + " is out of range");
        }
    }
}

package io.berth.shim.runtime;

import io.berth.shim.spec.Spec;
import io.berth.shim.spec.Specs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Specs as ctr 1.6 generates them (captured from `ctr run --rootfs`), adapted per test. */
final class TestSpecs {
    private TestSpecs() {
    }

    static Spec resource(String name) {
        try (InputStream in = TestSpecs.class.getResourceAsStream("/io/berth/shim/spec/" + name)) {
            return Specs.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ctr's default spec running {@code args} in {@code rootfs}, hostname {@code id}, no cgroup. */
    static Spec ctrDefault(Path rootfs, String id, String... args) {
        Spec s = resource("ctr-default.json");
        return withBasics(s, rootfs, id, args);
    }

    /** ctr's default spec with its default seccomp profile (`ctr run --seccomp`). */
    static Spec ctrSeccomp(Path rootfs, String id, String... args) {
        return withBasics(resource("ctr-seccomp.json"), rootfs, id, args);
    }

    private static Spec withBasics(Spec s, Path rootfs, String id, String... args) {
        return s.withRoot(new io.berth.shim.spec.Root(rootfs.toString(), false))
                .withProcess(s.process().withArgs(List.of(args)))
                .withHostname(id)
                .withLinux(s.linux().withCgroupsPath(""));
    }
}

package io.berth.shim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpecsTest {
    private static Spec resource(String name) throws IOException {
        try (InputStream in = SpecsTest.class.getResourceAsStream("/io/berth/shim/spec/" + name)) {
            return Specs.parse(in.readAllBytes());
        }
    }

    @Test
    void parsesCtrDefaultSpec() throws Exception {
        Spec s = resource("ctr-default.json");
        assertThat(s.process().args()).containsExactly("/bin/sleep", "100");
        assertThat(s.process().noNewPrivileges()).isTrue();
        assertThat(s.process().capabilities().bounding()).hasSize(14).contains("CAP_AUDIT_WRITE");
        assertThat(s.process().rlimits()).containsExactly(new Rlimit("RLIMIT_NOFILE", 1024, 1024));
        assertThat(s.mounts()).extracting(Mount::destination)
                .containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/run");
        assertThat(s.linux().cgroupsPath()).isEqualTo("/default/probe2");
        assertThat(s.linux().namespaces()).extracting(Linux.Namespace::type)
                .containsExactly("pid", "ipc", "uts", "mount", "network");
        assertThat(s.linux().resources().devices()).hasSize(10).first()
                .isEqualTo(new Resources.DeviceRule(false, null, null, null, "rwm"));
        assertThat(s.linux().resources().cpu().shares()).isEqualTo(1024L);
        assertThat(s.linux().seccomp()).isNull();
    }

    @Test
    void parsesCtrSeccompProfile() throws Exception {
        Seccomp sc = resource("ctr-seccomp.json").linux().seccomp();
        assertThat(sc.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(sc.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        assertThat(sc.syscalls()).isNotEmpty();
        assertThat(sc.syscalls().get(1).args()).containsExactly(new Seccomp.Arg(0, 0, 0, "SCMP_CMP_EQ"));
    }

    @Test
    void parsesRuncSpec() throws Exception {
        Spec s = resource("runc-spec.json");
        assertThat(s.process().terminal()).isTrue();
        assertThat(s.process().capabilities().ambient()).contains("CAP_KILL");
        assertThat(s.root().readonly()).isTrue();
        assertThat(s.mounts()).anySatisfy(m -> assertThat(m.type()).isEqualTo("cgroup"));
    }

    @Test
    void parsesDockerdLikeSpec() throws Exception {
        Spec s = resource("dockerd-like.json");
        assertThat(s.process().user()).isEqualTo(new User(1000, 1000, null, java.util.List.of(10L, 20L), null));
        assertThat(s.process().rlimits().getFirst().hard()).isEqualTo(-1L); // RLIM_INFINITY
        assertThat(s.process().oomScoreAdj()).isEqualTo(-500);
        assertThat(s.process().consoleSize()).isEqualTo(new ProcessSpec.ConsoleSize(24, 80));
        assertThat(s.linux().resources().memory().swappiness()).isEqualTo(-1L);
        assertThat(s.linux().resources().pids().limit()).isEqualTo(100);
        assertThat(s.linux().resources().blockIO().weight()).isEqualTo(500);
        assertThat(s.linux().namespaces()).contains(new Linux.Namespace("network", "/var/run/docker/netns/xyz"));
        assertThat(s.linux().sysctl()).containsEntry("net.ipv4.ip_unprivileged_port_start", "0");
        assertThat(s.annotations()).containsEntry("org.example", "yes");
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        Spec s = resource("dockerd-like.json");
        assertThat(Specs.parse(Specs.toJson(s))).isEqualTo(s);
    }

    @Test
    void refusesMalformedSpecsNamingTheField() {
        assertThatThrownBy(() -> Specs.parse("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> Specs.parse("{\"process\":{\"user\":{\"uid\":-1}}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("field process.user").hasMessageContaining("uid -1 is out of range");
        assertThatThrownBy(() -> Specs.parse("{\"mounts\":[{\"type\":\"tmpfs\"}]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("mounts[].destination is required");
        assertThatThrownBy(() -> Specs.parse(("{\"process\":{\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\","
                + "\"hard\":18446744073709551616}]}}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("process.rlimits");
    }
}

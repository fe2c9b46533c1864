package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The spec's {@code process}: what to run, as whom, with which privileges and limits. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessSpec(boolean terminal, ConsoleSize consoleSize, User user, List<String> args,
                          List<String> env, String cwd, Capabilities capabilities, List<Rlimit> rlimits,
                          boolean noNewPrivileges, Integer oomScoreAdj, String apparmorProfile,
                          String selinuxLabel) {
    public ProcessSpec {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
        user = user == null ? new User(0, 0, null, null, null) : user;
        cwd = cwd == null ? "" : cwd;
    }

    /** A plain process: root user, no capabilities, no limits. */
    public static ProcessSpec of(List<String> args, List<String> env, String cwd) {
        return new ProcessSpec(false, null, null, args, env, cwd, null, null, false, null, null, null);
    }

    public ProcessSpec withArgs(List<String> a) {
        return new ProcessSpec(terminal, consoleSize, user, a, env, cwd, capabilities, rlimits, noNewPrivileges,
                oomScoreAdj, apparmorProfile, selinuxLabel);
    }

    public ProcessSpec withTerminal(boolean t) {
        return new ProcessSpec(t, consoleSize, user, args, env, cwd, capabilities, rlimits, noNewPrivileges,
                oomScoreAdj, apparmorProfile, selinuxLabel);
    }

    public ProcessSpec withCwd(String c) {
        return new ProcessSpec(terminal, consoleSize, user, args, env, c, capabilities, rlimits, noNewPrivileges,
                oomScoreAdj, apparmorProfile, selinuxLabel);
    }

    public ProcessSpec withUser(User u) {
        return new ProcessSpec(terminal, consoleSize, u, args, env, cwd, capabilities, rlimits, noNewPrivileges,
                oomScoreAdj, apparmorProfile, selinuxLabel);
    }

    /** Terminal size requested at start. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConsoleSize(int height, int width) {
    }
}

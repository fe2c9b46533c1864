package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The spec's {@code hooks}: programs the runtime runs at points of the container's life, each
 * given the container's state as JSON on stdin. dockerd's bridge networking is one: a
 * {@code prestart} hook ({@code libnetwork-setkey}) that sets up the network namespace.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Hooks(List<Hook> prestart, List<Hook> createRuntime, List<Hook> createContainer,
                    List<Hook> startContainer, List<Hook> poststart, List<Hook> poststop) {
  public static final Hooks NONE = new Hooks(null, null, null, null, null, null);

  public Hooks {
    prestart = prestart == null ? List.of() : List.copyOf(prestart);
    createRuntime = createRuntime == null ? List.of() : List.copyOf(createRuntime);
    createContainer = createContainer == null ? List.of() : List.copyOf(createContainer);
    startContainer = startContainer == null ? List.of() : List.copyOf(startContainer);
    poststart = poststart == null ? List.of() : List.copyOf(poststart);
    poststop = poststop == null ? List.of() : List.copyOf(poststop);
  }

  /**
   * One hook: {@code path} is executed with {@code args} as its argv (args[0] is argv[0], which
   * may differ from path), {@code env} as its environment, killed after {@code timeout} seconds.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
    public Hook {
      args = args == null ? List.of() : List.copyOf(args);
      env = env == null ? List.of() : List.copyOf(env);
    }
  }
}

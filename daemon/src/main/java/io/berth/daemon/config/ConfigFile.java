package io.berth.daemon.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The settings one source gives, each null when that source leaves it out. berthd's TOML file
 * has containerd's shape, so a containerd user recognises it:
 *
 * <pre>
 * root = "/var/lib/berth"
 * state = "/run/berth"
 * [grpc]
 *   address = "/run/berth/berthd.sock"
 * [debug]
 *   level = "info"
 * [tasks]
 *   shim_pool = 2
 * </pre>
 *
 * Unknown keys are refused, so that a misspelt setting is not silently ignored.
 */
public record ConfigFile(Path root, Path state, Path address, LogLevel logLevel, Integer shimPool) {

  public static final ConfigFile EMPTY = new ConfigFile(null, null, null, null, null);

  /** Settings without a shim pool size. */
  public ConfigFile(Path root, Path state, Path address, LogLevel logLevel) {
    this(root, state, address, logLevel, null);
  }

  /**
   * Reads {@code file}.
   *
   * @throws ConfigException when it cannot be read or does not parse, naming the file
   *     and the offending key
   */
  public static ConfigFile read(Path file) {
    TomlMapper mapper = TomlMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
    Toml toml;
    try {
      toml = mapper.readValue(Files.readString(file), Toml.class);
    } catch (UnrecognizedPropertyException e) {
      String key = e.getPath().stream().map(ref -> ref.getFieldName())
          .collect(Collectors.joining("."));
      throw new ConfigException("config " + file + ": unknown key " + key);
    } catch (JacksonException e) {
      throw new ConfigException("config " + file + ": " + e.getOriginalMessage());
    } catch (NoSuchFileException e) {
      throw new ConfigException("config " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("config " + file + ": " + e.getMessage(), e);
    }
    if (toml == null) {
      return EMPTY;
    }
    Grpc grpc = toml.grpc();
    Debug debug = toml.debug();
    Tasks tasks = toml.tasks();
    return new ConfigFile(
        path(toml.root()),
        path(toml.state()),
        grpc == null ? null : path(grpc.address()),
        debug == null || debug.level() == null ? null : LogLevel.parse(debug.level()),
        tasks == null ? null : tasks.shimPool());
  }

  private static Path path(String s) {
    return s == null || s.isEmpty() ? null : Path.of(s);
  }

  record Toml(
      @JsonProperty("root") String root,
      @JsonProperty("state") String state,
      @JsonProperty("grpc") Grpc grpc,
      @JsonProperty("debug") Debug debug,
      @JsonProperty("tasks") Tasks tasks) {}

  record Grpc(@JsonProperty("address") String address) {}

  record Debug(@JsonProperty("level") String level) {}

  record Tasks(@JsonProperty("shim_pool") Integer shimPool) {}
}

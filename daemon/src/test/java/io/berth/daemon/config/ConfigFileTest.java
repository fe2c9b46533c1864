package io.berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @TempDir Path dir;

  private Path write(String toml) throws IOException {
    Path f = dir.resolve("berthd.toml");
    Files.writeString(f, toml);
    return f;
  }

  @Test
  void readsContainerdShapedFile() throws IOException {
    ConfigFile c = ConfigFile.read(write("""
        root = "/srv/berth"
        state = "/run/b"
        [grpc]
          address = "/run/b/b.sock"
        [debug]
          level = "debug"
        """));
    assertThat(c).isEqualTo(new ConfigFile(
        Path.of("/srv/berth"), Path.of("/run/b"), Path.of("/run/b/b.sock"), LogLevel.DEBUG));
  }

  @Test
  void emptyFileGivesNothing() throws IOException {
    assertThat(ConfigFile.read(write(""))).isEqualTo(ConfigFile.EMPTY);
  }

  @Test
  void unknownKeyIsNamed() throws IOException {
    Path f = write("rot = \"/x\"\n");
    assertThatThrownBy(() -> ConfigFile.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("unknown key rot");
  }

  @Test
  void unknownNestedKeyIsNamed() throws IOException {
    Path f = write("[grpc]\nadress = \"/x\"\n");
    assertThatThrownBy(() -> ConfigFile.read(f)).hasMessageContaining("unknown key adress");
  }

  @Test
  void badLevelIsNamed() throws IOException {
    Path f = write("[debug]\nlevel = \"loud\"\n");
    assertThatThrownBy(() -> ConfigFile.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessage("log level \"loud\" is not one of trace, debug, info, warn, error");
  }

  @Test
  void syntaxErrorNamesFile() throws IOException {
    Path f = write("root = \n");
    assertThatThrownBy(() -> ConfigFile.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config " + f + ": ");
  }

  @Test
  void missingFile() {
    Path f = dir.resolve("nope.toml");
    assertThatThrownBy(() -> ConfigFile.read(f)).hasMessage("config " + f + ": no such file");
  }

  @Test
  void flagsWinOverFileWhichWinsOverDefaults() {
    ConfigFile flags = new ConfigFile(Path.of("/flag/root"), null, null, null);
    ConfigFile file = new ConfigFile(Path.of("/file/root"), Path.of("/file/state"), null,
        LogLevel.WARN);
    DaemonConfig c = DaemonConfig.merge(flags, file);
    assertThat(c.root()).isEqualTo(Path.of("/flag/root"));
    assertThat(c.state()).isEqualTo(Path.of("/file/state"));
    assertThat(c.address()).isEqualTo(DaemonConfig.DEFAULT_ADDRESS);
    assertThat(c.logLevel()).isEqualTo(LogLevel.WARN);
  }

  @Test
  void defaultsAreContainerdLike() {
    assertThat(DaemonConfig.merge(ConfigFile.EMPTY, ConfigFile.EMPTY)).isEqualTo(
        new DaemonConfig(Path.of("/var/lib/berth"), Path.of("/run/berth"),
            Path.of("/run/berth/berthd.sock"), LogLevel.INFO));
  }

  @Test
  void levelNames() {
    assertThat(LogLevel.parse("WARNING")).isEqualTo(LogLevel.WARN);
    assertThat(LogLevel.parse("trace")).isEqualTo(LogLevel.TRACE);
    assertThat(LogLevel.parse(" Error ")).isEqualTo(LogLevel.ERROR);
  }
}

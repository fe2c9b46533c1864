package io.berth.shim.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourcesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Resources parse(String json) throws Exception {
    return Resources.fromOci(JSON.readTree(json));
  }

  @Test
  void readsTheOciShape() throws Exception {
    Resources r =
        parse(
            """
            {"devices": [{"allow": false, "access": "rwm"},
                         {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"},
                         {"allow": true, "type": "c", "major": 136, "access": "rw"}],
             "memory": {"limit": 16777216, "reservation": 8388608, "swap": 33554432,
                        "swappiness": 60},
             "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0-1", "mems": "0"},
             "pids": {"limit": 64},
             "blockIO": {"weight": 10}}
            """);

    assertThat(r.memory()).isEqualTo(new Resources.MemoryLimits(16777216L, 8388608L, 33554432L));
    assertThat(r.cpu()).isEqualTo(new Resources.CpuLimits(512L, 50000L, 100000L, "0-1", "0"));
    assertThat(r.pidsLimit()).isEqualTo(64L);
    assertThat(r.devices())
        .containsExactly(
            new Resources.DeviceRule(false, 'a', null, null, "rwm"),
            new Resources.DeviceRule(true, 'c', 1L, 3L, "rwm"),
            new Resources.DeviceRule(true, 'c', 136L, null, "rw"));
    assertThat(r.devices().stream().map(Resources.DeviceRule::v1Text))
        .containsExactly("a *:* rwm", "c 1:3 rwm", "c 136:* rw");
  }

  @Test
  void zeroAndEmptyMeanUnsetAsInRunc() throws Exception {
    Resources r =
        parse(
            """
            {"memory": {"limit": 0, "swap": 0}, "cpu": {"shares": 0, "quota": 0, "cpus": ""},
             "pids": {"limit": 0}}
            """);

    assertThat(r.isEmpty()).isTrue();
  }

  @Test
  void negativePidsLimitIsUnlimited() throws Exception {
    assertThat(parse("{\"pids\": {\"limit\": -5}}").pidsLimit()).isEqualTo(-1L);
  }

  @Test
  void nullMissingAndEmptyAreNone() throws Exception {
    assertThat(Resources.fromOci((com.fasterxml.jackson.databind.JsonNode) null)).isEqualTo(Resources.NONE);
    assertThat(parse("null")).isEqualTo(Resources.NONE);
    assertThat(parse("{}")).isEqualTo(Resources.NONE);
  }

  @Test
  void acceptsAMap() {
    Map<String, Object> spec =
        Map.of("memory", Map.of("limit", 1048576), "devices", List.of(Map.of("allow", true)));

    Resources r = Resources.fromOci(spec);

    assertThat(r.memory().limit()).isEqualTo(1048576L);
    assertThat(r.devices()).containsExactly(new Resources.DeviceRule(true, 'a', null, null, "rwm"));
  }

  @Test
  void wrongTypesNameTheField() {
    assertThatThrownBy(() -> parse("{\"memory\": {\"limit\": \"16M\"}}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "linux.resources.memory.limit must be a 64-bit integer, got \"16M\": invalid argument");
    assertThatThrownBy(() -> parse("{\"cpu\": {\"cpus\": 3}}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("linux.resources.cpu.cpus must be a string");
    assertThatThrownBy(() -> parse("{\"devices\": {}}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("linux.resources.devices must be an array");
    assertThatThrownBy(() -> parse("{\"devices\": [{\"type\": \"c\"}]}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("allow must be a boolean");
    assertThatThrownBy(() -> parse("[1]"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("linux.resources must be an object");
    assertThatThrownBy(() -> parse("{\"pids\": {\"limit\": 1e3}}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("linux.resources.pids.limit");
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThatThrownBy(() -> parse("{\"memory\": {\"limit\": -2}}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("linux.resources.memory.limit must be -1 (unlimited) or positive");
    assertThatThrownBy(() -> parse("{\"memory\": {\"limit\": 200, \"swap\": 100}}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("swap (100) must be at least memory.limit (200)");
    assertThatThrownBy(() -> parse("{\"cpu\": {\"cpus\": \"0-1;rm\"}}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("linux.resources.cpu.cpus must be a list");
    assertThatThrownBy(() -> parse("{\"devices\": [{\"allow\": true, \"type\": \"x\"}]}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("type must be");
    assertThatThrownBy(() -> parse("{\"devices\": [{\"allow\": true, \"access\": \"rx\"}]}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("access must combine");
    assertThatThrownBy(() -> new Resources.DeviceRule(true, 'c', 1L, 3L, "rr"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new Resources.DeviceRule(true, 'c', -1L, 3L, "r"))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void v2ConversionsMatchRunc() {
    assertThat(V2Limits.weight(2)).isEqualTo(1);
    assertThat(V2Limits.weight(1024)).isEqualTo(39);
    assertThat(V2Limits.weight(262144)).isEqualTo(10000);
    assertThat(V2Limits.swapValue(-1, 100L)).isEqualTo(-1);
    assertThat(V2Limits.swapValue(300, 100L)).isEqualTo(200);
    assertThatThrownBy(() -> V2Limits.swapValue(300, null))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("needs a memory limit");
  }
}

package io.berth.ctr.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class GoJsonTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void escapesLikeGo119() {
    assertThat(GoJson.quote("echo <hi> & bye")).isEqualTo("\"echo \\u003chi\\u003e \\u0026 bye\"");
    assertThat(GoJson.quote("q\"b\\s\n\r\t")).isEqualTo("\"q\\\"b\\\\s\\n\\r\\t\"");
    assertThat(GoJson.quote("\b\f\u0001\u001f")).isEqualTo("\"\\u0008\\u000c\\u0001\\u001f\"");
    assertThat(GoJson.quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    assertThat(GoJson.quote("\u00e9\ud83d\ude00/")).isEqualTo("\"\u00e9\ud83d\ude00/\"");
    assertThat(GoJson.quote("lone\ud800")).isEqualTo("\"lone\\ufffd\"");
  }

  @Test
  void compactKeepsTreeOrder() throws Exception {
    ObjectNode n = NODES.objectNode().put("z", 1).put("a", true);
    n.putArray("l").add("x").add(-2);
    n.putNull("nil");
    n.putObject("o");
    n.putArray("e");
    assertThat(GoJson.compact(n)).isEqualTo("{\"z\":1,\"a\":true,\"l\":[\"x\",-2],\"nil\":null,\"o\":{},\"e\":[]}");
  }

  @Test
  void indentIsMarshalIndentWithFourSpaces() throws Exception {
    var tree = new ObjectMapper().readTree("{\"a\":{\"b\":[1,{\"c\":\"d\"}],\"e\":{}},\"f\":[]}");
    assertThat(GoJson.indent(tree))
        .isEqualTo(
            "{\n    \"a\": {\n        \"b\": [\n            1,\n            {\n                \"c\": \"d\"\n"
                + "            }\n        ],\n        \"e\": {}\n    },\n    \"f\": []\n}");
  }

  @Test
  void unsignedAndFloatNumbers() {
    assertThat(GoJson.compact(NODES.numberNode(new java.math.BigInteger("18446744073709551615"))))
        .isEqualTo("18446744073709551615");
    assertThat(GoJson.compact(NODES.numberNode(1.0))).isEqualTo("1");
    assertThat(GoJson.compact(NODES.numberNode(0.5))).isEqualTo("0.5");
    assertThat(GoJson.compact(NODES.numberNode(1e21))).isEqualTo("1e+21");
    assertThat(GoJson.compact(NODES.numberNode(1.5e-7))).isEqualTo("1.5e-7");
    assertThat(GoJson.compact(NODES.numberNode(123456789.0))).isEqualTo("123456789");
  }
}

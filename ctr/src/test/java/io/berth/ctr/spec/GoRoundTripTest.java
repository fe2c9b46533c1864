package io.berth.ctr.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.ctr.format.GoJson;
import org.junit.jupiter.api.Test;

class GoRoundTripTest {

  private static String roundTrip(String json) throws Exception {
    return GoJson.compact(GoRoundTrip.apply(new ObjectMapper().readTree(json), OciSchema.SPEC));
  }

  @Test
  void reordersDropsUnknownAndFillsPlainFields() throws Exception {
    assertThat(roundTrip("{\"linux\":{},\"x-unknown\":1,\"process\":{\"args\":[\"sh\"]},\"ociVersion\":\"1.0.2\"}"))
        .isEqualTo("{\"ociVersion\":\"1.0.2\",\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"sh\"],\"cwd\":\"\"},\"linux\":{}}");
  }

  @Test
  void emptyOptionalFieldsAreDroppedAndPointersKept() throws Exception {
    assertThat(roundTrip("{\"hostname\":\"\",\"mounts\":[],\"annotations\":{},\"root\":null,"
            + "\"linux\":{\"resources\":{\"memory\":{\"limit\":0,\"swap\":null}}}}"))
        .isEqualTo("{\"ociVersion\":\"\",\"linux\":{\"resources\":{\"memory\":{\"limit\":0}}}}");
  }

  @Test
  void keysMatchCaseInsensitivelyAndMapsAreSorted() throws Exception {
    assertThat(roundTrip("{\"OCIVERSION\":\"v\",\"annotations\":{\"b\":\"2\",\"a\":\"1\"}}"))
        .isEqualTo("{\"ociVersion\":\"v\",\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}");
  }

  @Test
  void embeddedStructFieldsComeFirst() throws Exception {
    assertThat(roundTrip("{\"linux\":{\"resources\":{\"blockIO\":{\"weightDevice\":[{\"weight\":10,\"minor\":2,\"major\":8}]}}}}"))
        .isEqualTo("{\"ociVersion\":\"\",\"linux\":{\"resources\":{\"blockIO\":{\"weightDevice\":[{\"major\":8,\"minor\":2,\"weight\":10}]}}}}");
  }

  @Test
  void mismatchesFailWithGoMessages() {
    assertThatThrownBy(() -> roundTrip("{\"process\":{\"user\":{\"uid\":-1}}}"))
        .hasMessage("json: cannot unmarshal number -1 into Go struct field User.process.user.uid of type uint32");
    assertThatThrownBy(() -> roundTrip("{\"process\":{\"args\":[\"a\",1]}}"))
        .hasMessage("json: cannot unmarshal number into Go struct field Process.process.args of type string");
    assertThatThrownBy(() -> roundTrip("{\"process\":\"x\"}"))
        .hasMessage("json: cannot unmarshal string into Go struct field Spec.process of type specs.Process");
    assertThatThrownBy(() -> roundTrip("{\"linux\":{\"namespaces\":[{\"type\":1}]}}"))
        .hasMessage("json: cannot unmarshal number into Go struct field LinuxNamespace.linux.namespaces.type of type specs.LinuxNamespaceType");
    assertThatThrownBy(() -> roundTrip("[]"))
        .hasMessage("json: cannot unmarshal array into Go value of type specs.Spec");
    assertThatThrownBy(() -> roundTrip("{\"linux\":{\"resources\":{\"memory\":{\"limit\":1.5}}}}"))
        .hasMessage("json: cannot unmarshal number 1.5 into Go struct field LinuxMemory.linux.resources.memory.limit of type int64");
  }

  @Test
  void interfaceValuesBecomeGenericMapsWithFloats() throws Exception {
    assertThat(roundTrip("{\"windows\":{\"layerFolders\":null,\"credentialSpec\":{\"z\":1,\"a\":[2.5,true]}}}"))
        .isEqualTo("{\"ociVersion\":\"\",\"windows\":{\"layerFolders\":null,\"credentialSpec\":{\"a\":[2.5,true],\"z\":1}}}");
  }
}

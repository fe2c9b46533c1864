package io.berth.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Writes a {@link Report} as JSON: every repetition's value, plus the summary statistics. */
public final class JsonReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static void write(Report report, Path file) throws IOException {
    JSON.writeValue(file.toFile(), tree(report));
  }

  static ObjectNode tree(Report report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("started", report.started().toString());
    root.put("finished", report.finished().toString());
    root.put("mode", report.mode());
    root.put("selection", report.selection());
    root.put("repetitions", report.repetitions());
    root.put("measureMillis", report.measureMillis());
    root.put("warmupMillis", report.warmupMillis());
    ObjectNode env = root.putObject("environment");
    new TreeMap<>(report.environment()).forEach(env::put);
    ArrayNode targets = root.putArray("targets");
    report.targets().forEach(targets::add);
    ArrayNode rows = root.putArray("results");
    for (Row row : report.rows()) {
      ObjectNode r = rows.addObject();
      r.put("workload", row.workload());
      ObjectNode params = r.putObject("parameters");
      new TreeMap<>(row.parameters()).forEach((k, v) -> params.putPOJO(k, v));
      r.put("unit", row.unit());
      r.put("lowerIsBetter", row.lowerIsBetter());
      row.targetRatio().ifPresent(t -> r.put("targetRatio", t));
      row.ratio().ifPresent(x -> r.put("ratio", x));
      row.meetsTarget().ifPresent(m -> r.put("meetsTarget", m));
      ObjectNode by = r.putObject("targets");
      for (Map.Entry<String, Measurements> e : new TreeMap<>(row.byTarget()).entrySet()) {
        ObjectNode t = by.putObject(e.getKey());
        Measurements m = e.getValue();
        ArrayNode values = t.putArray("values");
        m.values().forEach(values::add);
        if (!m.values().isEmpty()) {
          t.put("median", m.median());
          t.put("min", m.min());
          t.put("max", m.max());
          t.put("spread", m.spread());
        }
        m.error().ifPresent(err -> t.put("error", err));
      }
    }
    return root;
  }
}

package io.berth.ctr.tasks;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.berth.api.anys.Anys;
import io.berth.api.cgroups.v1.Metrics;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.types.Metric;
import io.berth.api.types.task.Process;
import io.berth.api.types.task.ProcessInfo;
import io.berth.ctr.format.GoJson;
import io.berth.ctr.format.GoTime;
import io.berth.ctr.format.ProtoGoJson;
import io.berth.ctr.format.TabWriter;
import java.util.List;
import java.util.stream.Collectors;

/** ctr 1.6's text for tasks, byte for byte: {@code tasks ls}, {@code ps} and {@code metrics}. */
public final class TaskText {

  private TaskText() {}

  /** {@code ctr tasks ls}: TASK, PID and STATUS (the enum's name). */
  public static String list(List<Process> tasks) {
    StringBuilder out = new StringBuilder();
    TabWriter tw = TabWriter.wide(out);
    tw.write("TASK\tPID\tSTATUS\t\n");
    for (Process p : tasks) {
      tw.write(p.getId() + "\t" + Integer.toUnsignedString(p.getPid()) + "\t" + status(p) + "\n");
    }
    tw.flush();
    return out.toString();
  }

  /** The status as Go's enum {@code String()}: its name, or the number if it has none. */
  public static String status(Process p) {
    return p.getStatus() == io.berth.api.types.task.Status.UNRECOGNIZED
        ? Integer.toString(p.getStatusValue())
        : p.getStatus().name();
  }

  /** {@code ctr tasks ps}: PID and INFO ({@code -}, or the decoded info as Go's {@code %+v}). */
  public static String processes(List<ProcessInfo> processes) {
    StringBuilder out = new StringBuilder();
    TabWriter tw = new TabWriter(out, 1, 4, ' ');
    tw.write("PID\tINFO\n");
    for (ProcessInfo p : processes) {
      tw.write(Integer.toUnsignedString(p.getPid()) + "\t" + (p.hasInfo() ? info(p.getInfo()) : "-") + "\n");
    }
    tw.flush();
    return out.toString();
  }

  /**
   * A process's info as ctr prints it: the runc shim's {@code ProcessDetails} in gogo's {@code
   * String()} form; a type ctr cannot decode fails as {@code typeurl} does.
   */
  static String info(Any info) {
    String type = Anys.typeName(info.getTypeUrl());
    if (type.equals(io.berth.api.runc.v1.ProcessDetails.getDescriptor().getFullName())) {
      return details(Anys.unpack(info, io.berth.api.runc.v1.ProcessDetails.class).getExecId());
    }
    if (type.equals(io.berth.api.linux.runc.ProcessDetails.getDescriptor().getFullName())) {
      return details(Anys.unpack(info, io.berth.api.linux.runc.ProcessDetails.class).getExecId());
    }
    throw unknownType(info);
  }

  /** The exec id a process's info names, or "" (for {@code --format json}). */
  static String execId(Any info) {
    String type = Anys.typeName(info.getTypeUrl());
    if (type.equals(io.berth.api.runc.v1.ProcessDetails.getDescriptor().getFullName())) {
      return Anys.unpack(info, io.berth.api.runc.v1.ProcessDetails.class).getExecId();
    }
    if (type.equals(io.berth.api.linux.runc.ProcessDetails.getDescriptor().getFullName())) {
      return Anys.unpack(info, io.berth.api.linux.runc.ProcessDetails.class).getExecId();
    }
    return "";
  }

  private static String details(String execId) {
    return "&ProcessDetails{ExecID:" + execId + ",XXX_unrecognized:[],}";
  }

  /** {@code ctr tasks metrics}: the metric's id and time, then the cgroup v1 or v2 values ctr shows. */
  public static String metrics(Metric metric) {
    Message data = decodeMetrics(metric.getData());
    StringBuilder out = new StringBuilder();
    TabWriter tw = new TabWriter(out, 1, 4, ' ');
    tw.write("ID\tTIMESTAMP\t\n");
    tw.write(metric.getId() + "\t" + GoTime.string(GoTime.instant(metric.hasTimestamp() ? metric.getTimestamp() : null)) + "\t\n\n");
    tw.write("METRIC\tVALUE\t\n");
    if (data instanceof Metrics v1) {
      if (v1.hasMemory()) {
        row(tw, "memory.usage_in_bytes", v1.getMemory().getUsage().getUsage());
        row(tw, "memory.limit_in_bytes", v1.getMemory().getUsage().getLimit());
        row(tw, "memory.stat.cache", v1.getMemory().getTotalCache());
      }
      if (v1.hasCpu()) {
        row(tw, "cpuacct.usage", v1.getCpu().getUsage().getTotal());
        tw.write("cpuacct.usage_percpu\t" + uints(v1.getCpu().getUsage().getPerCpuList()) + "\t\n");
      }
      if (v1.hasPids()) {
        row(tw, "pids.current", v1.getPids().getCurrent());
        row(tw, "pids.limit", v1.getPids().getLimit());
      }
    } else if (data instanceof io.berth.api.cgroups.v2.Metrics v2) {
      if (v2.hasPids()) {
        row(tw, "pids.current", v2.getPids().getCurrent());
        row(tw, "pids.limit", v2.getPids().getLimit());
      }
      if (v2.hasCpu()) {
        var cpu = v2.getCpu();
        row(tw, "cpu.usage_usec", cpu.getUsageUsec());
        row(tw, "cpu.user_usec", cpu.getUserUsec());
        row(tw, "cpu.system_usec", cpu.getSystemUsec());
        row(tw, "cpu.nr_periods", cpu.getNrPeriods());
        row(tw, "cpu.nr_throttled", cpu.getNrThrottled());
        row(tw, "cpu.throttled_usec", cpu.getThrottledUsec());
      }
      if (v2.hasMemory()) {
        var mem = v2.getMemory();
        row(tw, "memory.usage", mem.getUsage());
        row(tw, "memory.usage_limit", mem.getUsageLimit());
        row(tw, "memory.swap_usage", mem.getSwapUsage());
        row(tw, "memory.swap_limit", mem.getSwapLimit());
      }
    }
    tw.flush();
    return out.toString();
  }

  /** {@code ctr tasks metrics --format json}: the decoded metrics as Go indents them (2 spaces). */
  public static String metricsJson(Metric metric) {
    return GoJson.indent(ProtoGoJson.tree(decodeMetrics(metric.getData())), "  ") + "\n";
  }

  /** The cgroups v1 or v2 metrics of a {@code Metric.data}. */
  static Message decodeMetrics(Any data) {
    String type = Anys.typeName(data.getTypeUrl());
    if (type.equals(Metrics.getDescriptor().getFullName())) {
      return Anys.unpack(data, Metrics.class);
    }
    if (type.equals(io.berth.api.cgroups.v2.Metrics.getDescriptor().getFullName())) {
      return Anys.unpack(data, io.berth.api.cgroups.v2.Metrics.class);
    }
    if (Anys.decode(data).isPresent()) {
      throw new UnknownException("cannot convert metric data to cgroups.Metrics or windows.Statistics");
    }
    throw unknownType(data);
  }

  private static void row(TabWriter tw, String name, long value) {
    tw.write(name + "\t" + Long.toUnsignedString(value) + "\t\n");
  }

  // Go's %v of a []uint64
  private static String uints(List<Long> values) {
    return values.stream().map(Long::toUnsignedString).collect(Collectors.joining(" ", "[", "]"));
  }

  private static NotFoundException unknownType(Any any) {
    return new NotFoundException("type with url " + any.getTypeUrl());
  }
}

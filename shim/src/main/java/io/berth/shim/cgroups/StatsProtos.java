package io.berth.shim.cgroups;

import io.berth.api.cgroups.v1.BlkIOEntry;
import io.berth.api.cgroups.v1.BlkIOStat;
import io.berth.api.cgroups.v1.CPUStat;
import io.berth.api.cgroups.v1.CPUUsage;
import io.berth.api.cgroups.v1.MemoryEntry;
import io.berth.api.cgroups.v1.MemoryOomControl;
import io.berth.api.cgroups.v1.MemoryStat;
import io.berth.api.cgroups.v1.PidsStat;
import io.berth.api.cgroups.v1.Throttle;
import io.berth.api.cgroups.v2.IOEntry;
import io.berth.api.cgroups.v2.IOStat;
import io.berth.api.cgroups.v2.MemoryEvents;
import io.berth.api.cgroups.v2.RdmaStat;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/**
 * The one mapper from {@link V1Stats} / {@link V2Stats} to containerd's io.containerd.cgroups.v1
 * and .v2 Metrics messages. As CONTRACT.md §0.8 asks, v1 cpu always carries both usage and
 * throttling, and v1 memory always carries usage.
 */
final class StatsProtos {

  /** memory.stat key to v1 MemoryStat field. */
  private static final Map<String, ObjLongConsumer<MemoryStat.Builder>> V1_MEMORY =
      Map.ofEntries(
          Map.entry("cache", MemoryStat.Builder::setCache),
          Map.entry("rss", MemoryStat.Builder::setRss),
          Map.entry("rss_huge", MemoryStat.Builder::setRssHuge),
          Map.entry("mapped_file", MemoryStat.Builder::setMappedFile),
          Map.entry("dirty", MemoryStat.Builder::setDirty),
          Map.entry("writeback", MemoryStat.Builder::setWriteback),
          Map.entry("pgpgin", MemoryStat.Builder::setPgPgIn),
          Map.entry("pgpgout", MemoryStat.Builder::setPgPgOut),
          Map.entry("pgfault", MemoryStat.Builder::setPgFault),
          Map.entry("pgmajfault", MemoryStat.Builder::setPgMajFault),
          Map.entry("inactive_anon", MemoryStat.Builder::setInactiveAnon),
          Map.entry("active_anon", MemoryStat.Builder::setActiveAnon),
          Map.entry("inactive_file", MemoryStat.Builder::setInactiveFile),
          Map.entry("active_file", MemoryStat.Builder::setActiveFile),
          Map.entry("unevictable", MemoryStat.Builder::setUnevictable),
          Map.entry("hierarchical_memory_limit", MemoryStat.Builder::setHierarchicalMemoryLimit),
          Map.entry("hierarchical_memsw_limit", MemoryStat.Builder::setHierarchicalSwapLimit),
          Map.entry("total_cache", MemoryStat.Builder::setTotalCache),
          Map.entry("total_rss", MemoryStat.Builder::setTotalRss),
          Map.entry("total_rss_huge", MemoryStat.Builder::setTotalRssHuge),
          Map.entry("total_mapped_file", MemoryStat.Builder::setTotalMappedFile),
          Map.entry("total_dirty", MemoryStat.Builder::setTotalDirty),
          Map.entry("total_writeback", MemoryStat.Builder::setTotalWriteback),
          Map.entry("total_pgpgin", MemoryStat.Builder::setTotalPgPgIn),
          Map.entry("total_pgpgout", MemoryStat.Builder::setTotalPgPgOut),
          Map.entry("total_pgfault", MemoryStat.Builder::setTotalPgFault),
          Map.entry("total_pgmajfault", MemoryStat.Builder::setTotalPgMajFault),
          Map.entry("total_inactive_anon", MemoryStat.Builder::setTotalInactiveAnon),
          Map.entry("total_active_anon", MemoryStat.Builder::setTotalActiveAnon),
          Map.entry("total_inactive_file", MemoryStat.Builder::setTotalInactiveFile),
          Map.entry("total_active_file", MemoryStat.Builder::setTotalActiveFile),
          Map.entry("total_unevictable", MemoryStat.Builder::setTotalUnevictable));

  /** memory.stat key to v2 MemoryStat field. */
  private static final Map<String, ObjLongConsumer<io.berth.api.cgroups.v2.MemoryStat.Builder>>
      V2_MEMORY =
          Map.ofEntries(
              Map.entry("anon", io.berth.api.cgroups.v2.MemoryStat.Builder::setAnon),
              Map.entry("file", io.berth.api.cgroups.v2.MemoryStat.Builder::setFile),
              Map.entry("kernel_stack", io.berth.api.cgroups.v2.MemoryStat.Builder::setKernelStack),
              Map.entry("slab", io.berth.api.cgroups.v2.MemoryStat.Builder::setSlab),
              Map.entry("sock", io.berth.api.cgroups.v2.MemoryStat.Builder::setSock),
              Map.entry("shmem", io.berth.api.cgroups.v2.MemoryStat.Builder::setShmem),
              Map.entry("file_mapped", io.berth.api.cgroups.v2.MemoryStat.Builder::setFileMapped),
              Map.entry("file_dirty", io.berth.api.cgroups.v2.MemoryStat.Builder::setFileDirty),
              Map.entry(
                  "file_writeback", io.berth.api.cgroups.v2.MemoryStat.Builder::setFileWriteback),
              Map.entry("anon_thp", io.berth.api.cgroups.v2.MemoryStat.Builder::setAnonThp),
              Map.entry("inactive_anon", io.berth.api.cgroups.v2.MemoryStat.Builder::setInactiveAnon),
              Map.entry("active_anon", io.berth.api.cgroups.v2.MemoryStat.Builder::setActiveAnon),
              Map.entry("inactive_file", io.berth.api.cgroups.v2.MemoryStat.Builder::setInactiveFile),
              Map.entry("active_file", io.berth.api.cgroups.v2.MemoryStat.Builder::setActiveFile),
              Map.entry("unevictable", io.berth.api.cgroups.v2.MemoryStat.Builder::setUnevictable),
              Map.entry(
                  "slab_reclaimable",
                  io.berth.api.cgroups.v2.MemoryStat.Builder::setSlabReclaimable),
              Map.entry(
                  "slab_unreclaimable",
                  io.berth.api.cgroups.v2.MemoryStat.Builder::setSlabUnreclaimable),
              Map.entry("pgfault", io.berth.api.cgroups.v2.MemoryStat.Builder::setPgfault),
              Map.entry("pgmajfault", io.berth.api.cgroups.v2.MemoryStat.Builder::setPgmajfault),
              Map.entry(
                  "workingset_refault",
                  io.berth.api.cgroups.v2.MemoryStat.Builder::setWorkingsetRefault),
              Map.entry(
                  "workingset_activate",
                  io.berth.api.cgroups.v2.MemoryStat.Builder::setWorkingsetActivate),
              Map.entry(
                  "workingset_nodereclaim",
                  io.berth.api.cgroups.v2.MemoryStat.Builder::setWorkingsetNodereclaim),
              Map.entry("pgrefill", io.berth.api.cgroups.v2.MemoryStat.Builder::setPgrefill),
              Map.entry("pgscan", io.berth.api.cgroups.v2.MemoryStat.Builder::setPgscan),
              Map.entry("pgsteal", io.berth.api.cgroups.v2.MemoryStat.Builder::setPgsteal),
              Map.entry("pgactivate", io.berth.api.cgroups.v2.MemoryStat.Builder::setPgactivate),
              Map.entry("pgdeactivate", io.berth.api.cgroups.v2.MemoryStat.Builder::setPgdeactivate),
              Map.entry("pglazyfree", io.berth.api.cgroups.v2.MemoryStat.Builder::setPglazyfree),
              Map.entry("pglazyfreed", io.berth.api.cgroups.v2.MemoryStat.Builder::setPglazyfreed),
              Map.entry(
                  "thp_fault_alloc", io.berth.api.cgroups.v2.MemoryStat.Builder::setThpFaultAlloc),
              Map.entry(
                  "thp_collapse_alloc",
                  io.berth.api.cgroups.v2.MemoryStat.Builder::setThpCollapseAlloc));

  private StatsProtos() {}

  static io.berth.api.cgroups.v1.Metrics v1(V1Stats s) {
    io.berth.api.cgroups.v1.Metrics.Builder m = io.berth.api.cgroups.v1.Metrics.newBuilder();
    if (s.pids() != null) {
      m.setPids(PidsStat.newBuilder().setCurrent(s.pids().current()).setLimit(s.pids().limit()));
    }
    if (s.cpu() != null) {
      V1Stats.CpuUsage u = s.cpu().usage();
      V1Stats.Throttle t = s.cpu().throttling();
      m.setCpu(
          CPUStat.newBuilder()
              .setUsage(
                  CPUUsage.newBuilder()
                      .setTotal(u.total())
                      .setKernel(u.kernel())
                      .setUser(u.user())
                      .addAllPerCpu(u.perCpu()))
              .setThrottling(
                  Throttle.newBuilder()
                      .setPeriods(t.periods())
                      .setThrottledPeriods(t.throttledPeriods())
                      .setThrottledTime(t.throttledTime())));
    }
    if (s.memory() != null) {
      MemoryStat.Builder b = MemoryStat.newBuilder();
      s.memory().stat().forEach((k, v) -> {
        ObjLongConsumer<MemoryStat.Builder> setter = V1_MEMORY.get(k);
        if (setter != null) {
          setter.accept(b, v);
        }
      });
      b.setUsage(entry(s.memory().usage()))
          .setSwap(entry(s.memory().swap()))
          .setKernel(entry(s.memory().kernel()))
          .setKernelTcp(entry(s.memory().kernelTcp()));
      m.setMemory(b);
    }
    if (s.blkio() != null) {
      V1Stats.Blkio io = s.blkio();
      m.setBlkio(
          BlkIOStat.newBuilder()
              .addAllIoServiceBytesRecursive(blkio(io.ioServiceBytesRecursive()))
              .addAllIoServicedRecursive(blkio(io.ioServicedRecursive()))
              .addAllIoQueuedRecursive(blkio(io.ioQueuedRecursive()))
              .addAllIoServiceTimeRecursive(blkio(io.ioServiceTimeRecursive()))
              .addAllIoWaitTimeRecursive(blkio(io.ioWaitTimeRecursive()))
              .addAllIoMergedRecursive(blkio(io.ioMergedRecursive()))
              .addAllIoTimeRecursive(blkio(io.ioTimeRecursive()))
              .addAllSectorsRecursive(blkio(io.sectorsRecursive())));
    }
    if (s.oomControl() != null) {
      m.setMemoryOomControl(
          MemoryOomControl.newBuilder()
              .setOomKillDisable(s.oomControl().oomKillDisable())
              .setUnderOom(s.oomControl().underOom())
              .setOomKill(s.oomControl().oomKill()));
    }
    return m.build();
  }

  private static MemoryEntry entry(V1Stats.MemoryEntry e) {
    V1Stats.MemoryEntry v = e == null ? new V1Stats.MemoryEntry(0, 0, 0, 0) : e;
    return MemoryEntry.newBuilder()
        .setLimit(v.limit())
        .setUsage(v.usage())
        .setMax(v.max())
        .setFailcnt(v.failcnt())
        .build();
  }

  private static List<BlkIOEntry> blkio(List<V1Stats.BlkioEntry> entries) {
    return entries.stream()
        .map(
            e ->
                BlkIOEntry.newBuilder()
                    .setOp(e.op())
                    .setDevice(e.device())
                    .setMajor(e.major())
                    .setMinor(e.minor())
                    .setValue(e.value())
                    .build())
        .toList();
  }

  static io.berth.api.cgroups.v2.Metrics v2(V2Stats s) {
    io.berth.api.cgroups.v2.Metrics.Builder m = io.berth.api.cgroups.v2.Metrics.newBuilder();
    m.setPids(
        io.berth.api.cgroups.v2.PidsStat.newBuilder()
            .setCurrent(s.pids().current())
            .setLimit(s.pids().limit()));
    m.setCpu(
        io.berth.api.cgroups.v2.CPUStat.newBuilder()
            .setUsageUsec(s.cpu().usageUsec())
            .setUserUsec(s.cpu().userUsec())
            .setSystemUsec(s.cpu().systemUsec())
            .setNrPeriods(s.cpu().nrPeriods())
            .setNrThrottled(s.cpu().nrThrottled())
            .setThrottledUsec(s.cpu().throttledUsec()));
    io.berth.api.cgroups.v2.MemoryStat.Builder mem =
        io.berth.api.cgroups.v2.MemoryStat.newBuilder();
    s.memory().stat().forEach((k, v) -> {
      ObjLongConsumer<io.berth.api.cgroups.v2.MemoryStat.Builder> setter = V2_MEMORY.get(k);
      if (setter != null) {
        setter.accept(mem, v);
      }
    });
    mem.setUsage(s.memory().usage())
        .setUsageLimit(s.memory().usageLimit())
        .setSwapUsage(s.memory().swapUsage())
        .setSwapLimit(s.memory().swapLimit());
    m.setMemory(mem);
    m.setRdma(RdmaStat.getDefaultInstance());
    m.setIo(
        IOStat.newBuilder()
            .addAllUsage(
                s.io().stream()
                    .map(
                        e ->
                            IOEntry.newBuilder()
                                .setMajor(e.major())
                                .setMinor(e.minor())
                                .setRbytes(e.rbytes())
                                .setWbytes(e.wbytes())
                                .setRios(e.rios())
                                .setWios(e.wios())
                                .build())
                    .toList()));
    if (s.memoryEvents() != null) {
      V2Stats.MemoryEvents e = s.memoryEvents();
      m.setMemoryEvents(
          MemoryEvents.newBuilder()
              .setLow(e.low())
              .setHigh(e.high())
              .setMax(e.max())
              .setOom(e.oom())
              .setOomKill(e.oomKill()));
    }
    return m.build();
  }
}

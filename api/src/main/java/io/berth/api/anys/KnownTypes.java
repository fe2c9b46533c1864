package io.berth.api.anys;

import io.berth.api.events.ContainerCreate;
import io.berth.api.events.ContainerDelete;
import io.berth.api.events.ContainerUpdate;
import io.berth.api.events.ContentDelete;
import io.berth.api.events.NamespaceCreate;
import io.berth.api.events.NamespaceDelete;
import io.berth.api.events.NamespaceUpdate;
import io.berth.api.events.SnapshotCommit;
import io.berth.api.events.SnapshotPrepare;
import io.berth.api.events.SnapshotRemove;
import io.berth.api.events.TaskCheckpointed;
import io.berth.api.events.TaskCreate;
import io.berth.api.events.TaskDelete;
import io.berth.api.events.TaskExecAdded;
import io.berth.api.events.TaskExecStarted;
import io.berth.api.events.TaskExit;
import io.berth.api.events.TaskIO;
import io.berth.api.events.TaskOOM;
import io.berth.api.events.TaskPaused;
import io.berth.api.events.TaskResumed;
import io.berth.api.events.TaskStart;
import io.berth.api.services.images.v1.ImageCreate;
import io.berth.api.services.images.v1.ImageDelete;
import io.berth.api.services.images.v1.ImageUpdate;
import java.util.List;

/** The payload types {@link Anys#registry()} decodes. */
final class KnownTypes {

  static final AnyRegistry REGISTRY =
      AnyRegistry.of(
          List.of(
              // containerd.events
              ContainerCreate.getDefaultInstance(),
              ContainerUpdate.getDefaultInstance(),
              ContainerDelete.getDefaultInstance(),
              ContentDelete.getDefaultInstance(),
              NamespaceCreate.getDefaultInstance(),
              NamespaceUpdate.getDefaultInstance(),
              NamespaceDelete.getDefaultInstance(),
              SnapshotPrepare.getDefaultInstance(),
              SnapshotCommit.getDefaultInstance(),
              SnapshotRemove.getDefaultInstance(),
              TaskCreate.getDefaultInstance(),
              TaskStart.getDefaultInstance(),
              TaskDelete.getDefaultInstance(),
              TaskIO.getDefaultInstance(),
              TaskExit.getDefaultInstance(),
              TaskOOM.getDefaultInstance(),
              TaskExecAdded.getDefaultInstance(),
              TaskExecStarted.getDefaultInstance(),
              TaskPaused.getDefaultInstance(),
              TaskResumed.getDefaultInstance(),
              TaskCheckpointed.getDefaultInstance(),
              // image events live in the images service package
              ImageCreate.getDefaultInstance(),
              ImageUpdate.getDefaultInstance(),
              ImageDelete.getDefaultInstance(),
              // Metric.data and the shim's Stats
              io.berth.api.cgroups.v1.Metrics.getDefaultInstance(),
              io.berth.api.cgroups.v2.Metrics.getDefaultInstance(),
              // runtime options (io.containerd.runc.v2)
              io.berth.api.runc.v1.Options.getDefaultInstance(),
              io.berth.api.runc.v1.CheckpointOptions.getDefaultInstance(),
              io.berth.api.runc.v1.ProcessDetails.getDefaultInstance(),
              // runtime options of the legacy io.containerd.runtime.v1.linux
              io.berth.api.linux.runc.RuncOptions.getDefaultInstance(),
              io.berth.api.linux.runc.CreateOptions.getDefaultInstance(),
              io.berth.api.linux.runc.CheckpointOptions.getDefaultInstance(),
              io.berth.api.linux.runc.ProcessDetails.getDefaultInstance()));

  private KnownTypes() {}
}

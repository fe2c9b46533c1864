package io.berth.shim.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.berth.api.events.TaskCheckpointed;
import io.berth.api.events.TaskCreate;
import io.berth.api.events.TaskDelete;
import io.berth.api.events.TaskExecAdded;
import io.berth.api.events.TaskExecStarted;
import io.berth.api.events.TaskExit;
import io.berth.api.events.TaskOOM;
import io.berth.api.events.TaskPaused;
import io.berth.api.events.TaskResumed;
import io.berth.api.events.TaskStart;
import io.berth.api.linux.runc.CreateOptions;
import io.berth.api.runc.v1.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskEventsTest {

    private static final List<Message> EVENTS = List.of(TaskCreate.getDefaultInstance(),
            TaskStart.getDefaultInstance(), TaskExit.getDefaultInstance(), TaskDelete.getDefaultInstance(),
            TaskOOM.getDefaultInstance(), TaskExecAdded.getDefaultInstance(), TaskExecStarted.getDefaultInstance(),
            TaskPaused.getDefaultInstance(), TaskResumed.getDefaultInstance(), TaskCheckpointed.getDefaultInstance());

    @Test
    void spelledOutTypeNamesAreTheDescriptorsNames() {
        for (Message e : EVENTS) {
            assertThat(TaskEvents.typeOf(e)).as(e.getClass().getSimpleName())
                    .isEqualTo(e.getDescriptorForType().getFullName());
            assertThat(TaskEvents.topicOf(e)).as(e.getClass().getSimpleName()).isNotEqualTo(TaskEvents.UNKNOWN);
        }
    }

    @Test
    void anotherMessageIsNamedByItsDescriptor() {
        assertThat(TaskEvents.typeOf(Options.getDefaultInstance())).isEqualTo("containerd.runc.v1.Options");
        assertThat(TaskEvents.topicOf(Options.getDefaultInstance())).isEqualTo(TaskEvents.UNKNOWN);
    }

    @Test
    void spelledOutOptionTypesAreTheDescriptorsNames() {
        assertThat(ShimTask.RUNC_OPTIONS).isEqualTo(Options.getDescriptor().getFullName());
        assertThat(ShimTask.LINUX_RUNC_OPTIONS).isEqualTo(CreateOptions.getDescriptor().getFullName());
    }
}

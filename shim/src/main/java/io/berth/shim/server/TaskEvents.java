package io.berth.shim.server;

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

/**
 * containerd's task event topics, and the topic and type name of each task event payload. The
 * type names are spelled out so that a shim never builds protobuf descriptors (about 240 classes
 * and 2.5 MB of each shim's private memory) just to name the payloads it forwards.
 */
public final class TaskEvents {
    public static final String CREATE = "/tasks/create";
    public static final String START = "/tasks/start";
    public static final String EXIT = "/tasks/exit";
    public static final String DELETE = "/tasks/delete";
    public static final String OOM = "/tasks/oom";
    public static final String EXEC_ADDED = "/tasks/exec-added";
    public static final String EXEC_STARTED = "/tasks/exec-started";
    public static final String PAUSED = "/tasks/paused";
    public static final String RESUMED = "/tasks/resumed";
    public static final String CHECKPOINTED = "/tasks/checkpointed";
    private static final String PACKAGE = "containerd.events.";
    /** containerd's topic for a payload it does not know. */
    public static final String UNKNOWN = "/tasks/?";

    private TaskEvents() {
    }

    /** The topic a task event is published on. */
    public static String topicOf(Message event) {
        return switch (event) {
            case TaskCreate e -> CREATE;
            case TaskStart e -> START;
            case TaskExit e -> EXIT;
            case TaskDelete e -> DELETE;
            case TaskOOM e -> OOM;
            case TaskExecAdded e -> EXEC_ADDED;
            case TaskExecStarted e -> EXEC_STARTED;
            case TaskPaused e -> PAUSED;
            case TaskResumed e -> RESUMED;
            case TaskCheckpointed e -> CHECKPOINTED;
            default -> UNKNOWN;
        };
    }

    /** The full protobuf name of a task event payload: its Any type URL as containerd writes it. */
    public static String typeOf(Message event) {
        return switch (event) {
            case TaskCreate e -> PACKAGE + "TaskCreate";
            case TaskStart e -> PACKAGE + "TaskStart";
            case TaskExit e -> PACKAGE + "TaskExit";
            case TaskDelete e -> PACKAGE + "TaskDelete";
            case TaskOOM e -> PACKAGE + "TaskOOM";
            case TaskExecAdded e -> PACKAGE + "TaskExecAdded";
            case TaskExecStarted e -> PACKAGE + "TaskExecStarted";
            case TaskPaused e -> PACKAGE + "TaskPaused";
            case TaskResumed e -> PACKAGE + "TaskResumed";
            case TaskCheckpointed e -> PACKAGE + "TaskCheckpointed";
            default -> event.getDescriptorForType().getFullName();
        };
    }
}

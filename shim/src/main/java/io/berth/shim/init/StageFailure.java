package io.berth.shim.init;

/** A failure of the init stage before execve; its message goes back to the shim verbatim. */
final class StageFailure extends Exception {
    StageFailure(String message) {
        super(message);
    }

    StageFailure(String context, Exception cause) {
        super(context + ": " + cause.getMessage(), cause);
    }
}

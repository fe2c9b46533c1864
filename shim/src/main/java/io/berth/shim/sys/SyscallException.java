package io.berth.shim.sys;

/**
 * A failed system call: the call and its arguments as given in {@link #operation()}, and the errno.
 * The message reads {@code mount proc on /x/proc: EPERM (operation not permitted)}.
 */
public final class SyscallException extends Exception {
    private final String operation;
    private final int errno;

    public SyscallException(String operation, int errno) {
        super(operation + ": " + Errno.describe(errno));
        this.operation = operation;
        this.errno = errno;
    }

    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }
}

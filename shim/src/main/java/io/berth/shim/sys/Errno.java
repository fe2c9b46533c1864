package io.berth.shim.sys;

/** Linux errno values (generic numbering, as on x86_64 and aarch64) and their symbolic names. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;

    private static final String[] NAMES = {
        null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
    };

    private static final String[] TEXTS = {
        null, "operation not permitted", "no such file or directory", "no such process",
        "interrupted system call", "input/output error", "no such device or address", "argument list too long",
        "exec format error", "bad file descriptor", "no child processes", "resource temporarily unavailable",
        "cannot allocate memory", "permission denied", "bad address", "block device required",
        "device or resource busy", "file exists", "invalid cross-device link", "no such device", "not a directory",
        "is a directory", "invalid argument", "too many open files in system", "too many open files",
        "inappropriate ioctl for device", "text file busy", "file too large", "no space left on device",
        "illegal seek", "read-only file system", "too many links", "broken pipe",
        "numerical argument out of domain", "numerical result out of range", "resource deadlock avoided",
        "file name too long", "no locks available", "function not implemented", "directory not empty",
        "too many levels of symbolic links",
    };

    private Errno() {
    }

    /** The symbolic name, e.g. {@code EPERM}, or {@code errno N} for values outside the table. */
    public static String name(int errno) {
        if (errno == 95) {
            return "EOPNOTSUPP";
        }
        if (errno == 110) {
            return "ETIMEDOUT";
        }
        return errno > 0 && errno < NAMES.length ? NAMES[errno] : "errno " + errno;
    }

    /** {@code EPERM (operation not permitted)} style text for messages. */
    public static String describe(int errno) {
        if (errno > 0 && errno < TEXTS.length) {
            return NAMES[errno] + " (" + TEXTS[errno] + ")";
        }
        return name(errno);
    }
}

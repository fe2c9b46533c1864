package io.berth.mount;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The raw libc calls the mount helper needs, one for one. Every call reports failure through
 * {@link LastErrorException}; {@link Syscalls} is the checked facade the rest of the package uses.
 */
interface LibC extends Library {

  LibC INSTANCE = Native.load("c", LibC.class);

  int mount(String source, String target, String fstype, long flags, String data)
      throws LastErrorException;

  int umount2(String target, int flags) throws LastErrorException;

  int unshare(int flags) throws LastErrorException;

  int chdir(String path) throws LastErrorException;

  String strerror(int errnum);

  long sysconf(int name);
}

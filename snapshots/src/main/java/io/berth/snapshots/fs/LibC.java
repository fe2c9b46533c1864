package io.berth.snapshots.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * The raw libc calls for walking and copying file trees, one for one (glibc 2.33 or later, which
 * exports {@code lstat} and {@code mknod} directly). {@link FileCalls} is the checked facade.
 */
interface LibC extends Library {

  LibC INSTANCE = Native.load("c", LibC.class);

  int lstat(String path, Memory buf) throws LastErrorException;

  int lchown(String path, int uid, int gid) throws LastErrorException;

  int chmod(String path, int mode) throws LastErrorException;

  int mknod(String path, int mode, long dev) throws LastErrorException;

  int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

  long llistxattr(String path, byte[] list, long size) throws LastErrorException;

  long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

  int lsetxattr(String path, String name, byte[] value, long size, int flags)
      throws LastErrorException;

  String strerror(int errnum);
}

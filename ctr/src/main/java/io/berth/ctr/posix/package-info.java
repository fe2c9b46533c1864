/**
 * The host facilities the task commands need beyond the JDK's: named pipes ({@link
 * io.berth.ctr.posix.Fifos}), the terminal's raw mode and size ({@link
 * io.berth.ctr.posix.Terminal}) and the process's signals ({@link
 * io.berth.ctr.posix.HostSignals}). The C calls are bound in one package-private class with the
 * JDK's foreign function API (the launcher passes {@code --enable-native-access=ALL-UNNAMED});
 * signals use {@code sun.misc.Signal} from the {@code jdk.unsupported} module.
 */
package io.berth.ctr.posix;

package io.berth.shim.main;

import io.berth.api.errors.BerthException;
import io.berth.shim.server.ShimServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * berth-shim: {@code ShimMain -namespace NS -id ID -bundle DIR -address BERTHD_SOCKET -socket-dir DIR
 * start|serve}. {@code start} detaches a server and prints its address; {@code serve} is that
 * server, which exits after its task is deleted or on Shutdown.
 */
public final class ShimMain {
    private static final Duration EVENT_RETRY = Duration.ofSeconds(60);

    private ShimMain() {
    }

    public static void main(String[] argv) {
        String last = argv.length == 0 ? "" : argv[argv.length - 1];
        if (last.equals(PooledShim.VERB) || last.equals(ShimTraining.VERB)) {
            runUnassigned(argv);
            return;
        }
        ShimArgs args;
        try {
            args = ShimArgs.parse(argv);
        } catch (BerthException e) {
            System.err.println("berth-shim: " + e.getMessage());
            System.exit(2);
            return;
        }
        ShimLogging.configure(args.debug(), args.verb().equals("serve") ? args.id() : null);
        try {
            switch (args.verb()) {
                case "start" -> {
                    System.out.println(Detacher.start(args));
                    System.out.flush();
                    System.exit(0);
                }
                case "serve" -> serve(args);
                default -> throw new IllegalStateException(args.verb());
            }
        } catch (IOException | BerthException e) {
            Logger.getLogger(ShimMain.class.getName()).log(Level.SEVERE, "berth-shim " + args.verb() + ": "
                    + e.getMessage());
            System.err.println("berth-shim " + args.verb() + ": " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            System.exit(1);
        }
    }

    /** The verbs run before a task is known: {@code [-address A] [-socket-dir D] [-debug] pool|train}. */
    private static void runUnassigned(String[] argv) {
        String address = "";
        Path socketDir = null;
        boolean debug = false;
        for (int i = 0; i < argv.length - 1; i++) {
            switch (argv[i].replaceFirst("^--?", "")) {
                case "debug" -> debug = true;
                case "address" -> address = i + 1 < argv.length - 1 ? argv[++i] : "";
                case "socket-dir" -> socketDir = i + 1 < argv.length - 1 ? Path.of(argv[++i]) : null;
                default -> {
                    System.err.println("berth-shim: unknown flag " + argv[i]);
                    System.exit(2);
                }
            }
        }
        try {
            if (argv[argv.length - 1].equals(ShimTraining.VERB)) {
                ShimTraining.run();
                System.exit(0);
            }
            if (socketDir == null || !socketDir.isAbsolute()) {
                System.err.println("berth-shim: pool needs an absolute -socket-dir");
                System.exit(2);
            }
            PooledShim.run(address, socketDir, debug, EVENT_RETRY);
        } catch (IOException | RuntimeException e) {
            System.err.println("berth-shim " + argv[argv.length - 1] + ": " + e);
            System.exit(1);
        } catch (InterruptedException e) {
            System.exit(1);
        }
    }

    private static void serve(ShimArgs args) throws IOException, InterruptedException {
        Path socket = ShimAddress.socketPath(args.socketDir(), args.address(), args.namespace(), args.id());
        Path berthd = args.address().isEmpty() ? null : ShimAddress.parse(args.address());
        ShimServer server = ShimServer.start(new ShimServer.Config(args.namespace(), args.id(), args.bundle(), socket,
                berthd, EVENT_RETRY));
        ShimAddress.writePid(args.bundle());
        ShimAddress.write(args.bundle(), socket);
        Logger.getLogger(ShimMain.class.getName()).info("serving task " + args.namespace() + "/" + args.id()
                + " on " + socket + " (pid " + ProcessHandle.current().pid() + ")");
        server.awaitStopped();
        Logger.getLogger(ShimMain.class.getName()).info("shim exits");
        Runtime.getRuntime().halt(0); // nothing left to run: no shutdown hooks to wait for

    }
}

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

    private static void serve(ShimArgs args) throws IOException, InterruptedException {
        Path socket = ShimAddress.socketPath(args.socketDir(), args.address(), args.namespace(), args.id());
        Path berthd = args.address().isEmpty() ? null : ShimAddress.parse(args.address());
        ShimServer server = ShimServer.start(new ShimServer.Config(args.namespace(), args.id(), args.bundle(), socket,
                berthd, EVENT_RETRY));
        ShimAddress.write(args.bundle(), socket);
        Logger.getLogger(ShimMain.class.getName()).info("serving task " + args.namespace() + "/" + args.id()
                + " on " + socket + " (pid " + ProcessHandle.current().pid() + ")");
        server.awaitStopped();
        Logger.getLogger(ShimMain.class.getName()).info("shim exits");
        System.exit(0);
    }
}

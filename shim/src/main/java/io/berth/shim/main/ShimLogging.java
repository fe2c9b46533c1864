package io.berth.shim.main;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per record on stderr (the shim's log file for the server): time, level, task, message. */
final class ShimLogging {
    private ShimLogging() {
    }

    static void configure(boolean debug, String task) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler h = new ConsoleHandler();
        Level level = debug ? Level.FINE : Level.INFO;
        h.setLevel(level);
        String prefix = task == null ? "" : " id=" + task;
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                StringBuilder b = new StringBuilder()
                        .append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                        .append(r.getLevel().getName()).append(prefix).append(' ')
                        .append(formatMessage(r)).append('\n');
                if (r.getThrown() != null) {
                    java.io.StringWriter sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                    b.append(sw);
                }
                return b.toString();
            }
        });
        root.addHandler(h);
        root.setLevel(level);
    }
}

package io.berth.shim.main;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.validation.Identifiers;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The shim's command line, containerd style: {@code -namespace NS -id ID -bundle DIR -address
 * BERTHD_SOCKET -socket-dir DIR [-debug] VERB}. The verb is {@code start} (detach a server and
 * print its address) or {@code serve} (be that server).
 *
 * @param namespace the containerd namespace of the task, for the events it publishes
 * @param id the container id (an identifier)
 * @param bundle the absolute bundle directory (config.json, rootfs, address, shim.log)
 * @param address berthd's gRPC socket path; events go to its ttrpc socket beside it ({@code .ttrpc}); may be empty (no events)
 * @param socketDir the directory of the shim's own socket (kept short: socket paths are limited)
 * @param debug log at debug level
 * @param verb {@code start} or {@code serve}
 */
public record ShimArgs(String namespace, String id, Path bundle, String address, Path socketDir,
                       boolean debug, String verb) {
    public static final List<String> VERBS = List.of("start", "serve");

    public ShimArgs {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(socketDir, "socketDir");
        address = address == null ? "" : address;
        Identifiers.validate(namespace);
        Identifiers.validate(id);
        if (!bundle.isAbsolute()) {
            throw new InvalidArgumentException("-bundle " + bundle + " must be an absolute path");
        }
        if (!socketDir.isAbsolute()) {
            throw new InvalidArgumentException("-socket-dir " + socketDir + " must be an absolute path");
        }
        if (!VERBS.contains(verb)) {
            throw new InvalidArgumentException("unknown verb \"" + verb + "\", expected one of " + VERBS);
        }
    }

    /** Parses {@code args}; every flag but {@code -debug} takes a value. */
    public static ShimArgs parse(String[] args) {
        String namespace = null;
        String id = null;
        String bundle = null;
        String address = "";
        String socketDir = null;
        boolean debug = false;
        String verb = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                if (verb != null) {
                    throw new InvalidArgumentException("unexpected argument \"" + a + "\" after verb " + verb);
                }
                verb = a;
                continue;
            }
            String flag = a.replaceFirst("^--?", "");
            if (flag.equals("debug")) {
                debug = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new InvalidArgumentException("flag " + a + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "namespace" -> namespace = value;
                case "id" -> id = value;
                case "bundle" -> bundle = value;
                case "address" -> address = value;
                case "socket-dir" -> socketDir = value;
                default -> throw new InvalidArgumentException("unknown flag " + a);
            }
        }
        require(namespace, "-namespace");
        require(id, "-id");
        require(bundle, "-bundle");
        require(socketDir, "-socket-dir");
        require(verb, "a verb (" + String.join(", ", VERBS) + ")");
        return new ShimArgs(namespace, id, Path.of(bundle), address, Path.of(socketDir), debug, verb);
    }

    private static void require(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new InvalidArgumentException(what + " is required");
        }
    }

    /** The same arguments with another verb, as the detached server is given them. */
    public List<String> toArgs(String newVerb) {
        List<String> out = new java.util.ArrayList<>(List.of("-namespace", namespace, "-id", id,
                "-bundle", bundle.toString(), "-address", address, "-socket-dir", socketDir.toString()));
        if (debug) {
            out.add("-debug");
        }
        out.add(newVerb);
        return out;
    }
}

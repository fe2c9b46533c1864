/**
 * {@code berth}, the command-line client shaped like containerd 1.6's {@code ctr}. {@link
 * io.berth.ctr.Berth} is the main class (run by {@code bin/berth}); the global options {@code
 * -a/--address} ({@code BERTH_ADDRESS}, default {@code /run/berth/berthd.sock}), {@code
 * -n/--namespace} ({@code BERTH_NAMESPACE}, default {@code default}), {@code --timeout}, {@code
 * --connect-timeout} and {@code --format table|json} are declared there once and accepted before
 * or after any subcommand.
 *
 * <p>Commands: {@code version}; {@code namespaces|namespace|ns create|c, list|ls [-q], label,
 * remove|rm}; {@code containers|container|c create, list|ls [-q] [filters], info [--spec], label,
 * delete|del|remove|rm [--keep-snapshot]}; {@code leases list|ls [-q] [filters], create [--id]
 * [-x|--expires] [labels], delete|del|remove|rm [--sync]}; {@code events|event [filters]}. Each
 * sends the RPCs ctr sends, in ctr's order, and prints ctr's bytes: tables aligned as Go's
 * tabwriter aligns them, JSON as Go's encoding/json writes it, errors as {@code berth: <message>}
 * with ctr's message, and logrus-style lines on stderr where ctr logs.
 *
 * <p>Differences from ctr, on purpose: the exit status names the error class ({@link
 * io.berth.ctr.ExitCodes}; ctr always exits 1); global options are also accepted after the
 * subcommand; {@code containers create} ends option parsing at its first argument, as ctr's {@code
 * run} does, so a container command's own flags ({@code sh -c ...}) are not taken for berth's;
 * {@code containers label} prints the labels sorted (ctr prints them in Go's random map order);
 * {@code version} reports the Java version instead of Go's; help and usage texts are picocli's;
 * creating a container from an image is not supported yet (it needs image unpacking).
 *
 * <p>Formatting and spec building are plain classes usable without a daemon: {@link
 * io.berth.ctr.format} (ctr's text, Go-compatible JSON, times, durations, tabwriter) and {@link
 * io.berth.ctr.spec} (the default OCI spec, byte-identical to ctr's).
 */
package io.berth.ctr;

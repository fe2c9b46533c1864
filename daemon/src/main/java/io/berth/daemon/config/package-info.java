/**
 * berthd's settings: one record ({@link io.berth.daemon.config.DaemonConfig}) merged from flags,
 * the TOML config file ({@link io.berth.daemon.config.ConfigFile}) and defaults. Only the daemon
 * parses configuration; libraries take constructor arguments.
 */
package io.berth.daemon.config;

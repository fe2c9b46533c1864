package io.berth.daemon.config;

/** A setting that cannot be used; the message names the source and the setting. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

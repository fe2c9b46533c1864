package io.berth.ctr.commands;

import io.berth.ctr.format.GoDuration;
import java.time.Duration;
import picocli.CommandLine;

/** Reads an option value as a Go duration ({@code 90s}, {@code 1h30m}). */
public final class GoDurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}

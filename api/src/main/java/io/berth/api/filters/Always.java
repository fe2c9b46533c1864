package io.berth.api.filters;

/** Matches everything: the filter of an empty filter list or an empty filter string. */
public record Always() implements Filter {

  @Override
  public boolean match(Adaptor adaptor) {
    return true;
  }
}

package io.berth.api.filters;

import java.util.List;

/** Several filter strings: any one must match. */
public record Or(List<Filter> filters) implements Filter {

  public Or {
    filters = List.copyOf(filters);
  }

  @Override
  public boolean match(Adaptor adaptor) {
    for (Filter f : filters) {
      if (f.match(adaptor)) {
        return true;
      }
    }
    return false;
  }
}

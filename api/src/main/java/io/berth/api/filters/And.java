package io.berth.api.filters;

import java.util.List;

/** The selectors of one filter string, joined by commas: all must match. */
public record And(List<Filter> filters) implements Filter {

  public And {
    filters = List.copyOf(filters);
  }

  @Override
  public boolean match(Adaptor adaptor) {
    for (Filter f : filters) {
      if (!f.match(adaptor)) {
        return false;
      }
    }
    return true;
  }
}

package io.berth.api.filters;

/**
 * A parsed containerd filter: a predicate over any object exposed through an {@link Adaptor}.
 * Build one with {@link Filters#parse(String...)}.
 */
public sealed interface Filter permits Always, And, Or, Selector {

  boolean match(Adaptor adaptor);
}

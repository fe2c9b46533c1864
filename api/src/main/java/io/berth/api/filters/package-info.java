/**
 * containerd's filter language: {@link io.berth.api.filters.Filters} parses filter strings into
 * a sealed {@link io.berth.api.filters.Filter} tree that matches any object exposing its fields
 * through an {@link io.berth.api.filters.Adaptor}. Syntax, quoting, error texts and the
 * {@code ~=} regular-expression dialect (RE2) follow containerd 1.6.
 */
package io.berth.api.filters;

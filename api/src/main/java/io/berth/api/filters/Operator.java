package io.berth.api.filters;

/** The comparison of a selector. */
public enum Operator {
  /** No operator: the field is present. */
  PRESENT("?"),
  /** {@code ==}: present and equal. */
  EQUAL("=="),
  /** {@code !=}: not equal, an absent field counting as "". */
  NOT_EQUAL("!="),
  /** {@code ~=}: an unanchored regular-expression search, an absent field counting as "". */
  MATCHES("~=");

  private final String text;

  Operator(String text) {
    this.text = text;
  }

  /** containerd's spelling of the operator ({@code ?} for presence). */
  public String text() {
    return text;
  }
}

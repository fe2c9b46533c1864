package io.berth.ctr.spec;

import java.math.BigInteger;
import java.util.List;

/**
 * The shape of a Go type as {@code encoding/json} sees it, enough to replay a Go decode and
 * re-encode of a JSON document: field order, {@code omitempty}, what is a pointer (nil when
 * absent), what is a map (keys sorted on output) and the ranges of integer kinds.
 */
public sealed interface GoType {

  /** The type's name as Go prints it in errors, e.g. {@code specs.Process} or {@code []string}. */
  String goName();

  /** A string, bool or integer kind, possibly a named type like {@code specs.LinuxNamespaceType}. */
  record Scalar(Kind kind, String goName) implements GoType {
    public Scalar(Kind kind) {
      this(kind, kind.goName);
    }
  }

  /** A struct; embedded structs are listed as their fields, in place. */
  record Struct(String goName, List<Field> fields) implements GoType {
    public Struct {
      fields = List.copyOf(fields);
    }

    /** The name without package, as Go names the struct in decode errors. */
    public String simpleName() {
      int dot = goName.lastIndexOf('.');
      return dot < 0 ? goName : goName.substring(dot + 1);
    }
  }

  record Pointer(GoType elem) implements GoType {
    @Override
    public String goName() {
      return "*" + elem.goName();
    }
  }

  record Slice(GoType elem) implements GoType {
    @Override
    public String goName() {
      return "[]" + elem.goName();
    }
  }

  /** A {@code map[string]T}. */
  record MapOf(GoType elem) implements GoType {
    @Override
    public String goName() {
      return "map[string]" + elem.goName();
    }
  }

  /** An {@code interface{}}: any JSON value, decoded into Go's generic maps, slices and float64. */
  record Interface() implements GoType {
    @Override
    public String goName() {
      return "interface {}";
    }
  }

  /** A struct field: its JSON name, type and whether the tag says {@code omitempty}. */
  record Field(String json, GoType type, boolean omitempty) {}

  /** Scalar kinds with their Go names and, for integers, their ranges. */
  enum Kind {
    STRING("string", null, null),
    BOOL("bool", null, null),
    INT("int", BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
    INT64("int64", BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
    UINT("uint", BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)),
    UINT16("uint16", BigInteger.ZERO, BigInteger.valueOf(0xffff)),
    UINT32("uint32", BigInteger.ZERO, BigInteger.valueOf(0xffffffffL)),
    UINT64("uint64", BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));

    final String goName;
    final BigInteger min;
    final BigInteger max;

    Kind(String goName, BigInteger min, BigInteger max) {
      this.goName = goName;
      this.min = min;
      this.max = max;
    }

    boolean isInteger() {
      return min != null;
    }
  }
}

package io.berth.api.filters;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The compiled value of a {@code ~=} selector: an RE2 expression run as an unanchored search.
 *
 * <p>containerd compiles the expression when matching and treats a compile failure as "no match",
 * so an invalid expression here is not an error either: {@link #find} returns false.
 *
 * <p>RE2 runs in linear time; java.util.regex backtracks, and recurses once per iteration of a
 * repeated group. To keep a hostile expression from stalling a caller, a search that reads more
 * than {@link #STEP_BUDGET} characters is abandoned and counts as no match. A search that
 * overflows the caller's stack is retried once on a thread with a {@link #LARGE_STACK} stack;
 * if that overflows too, it counts as no match.
 */
public final class Regex {

  /** The most character reads one search may make. */
  public static final long STEP_BUDGET = 10_000_000L;

  /** The stack size of the retry thread, in bytes (reserved, committed only as used). */
  public static final long LARGE_STACK = 256L << 20;

  private final String source;
  private final Pattern pattern;
  private final String invalidReason;

  private Regex(String source, Pattern pattern, String invalidReason) {
    this.source = source;
    this.pattern = pattern;
    this.invalidReason = invalidReason;
  }

  /** Compiles an RE2 expression; never throws. */
  public static Regex compile(String source) {
    try {
      String java = Re2Syntax.toJava(source);
      return new Regex(source, Pattern.compile(java), null);
    } catch (Re2Syntax.Invalid e) {
      return new Regex(source, null, e.getMessage());
    } catch (PatternSyntaxException e) {
      return new Regex(source, null, e.getDescription());
    } catch (StackOverflowError e) {
      return new Regex(source, null, "expression nests too deeply");
    }
  }

  public String source() {
    return source;
  }

  public boolean isValid() {
    return pattern != null;
  }

  /** Why the expression did not compile, when it did not. */
  public Optional<String> invalidReason() {
    return Optional.ofNullable(invalidReason);
  }

  /** Whether the expression matches anywhere in {@code input}. */
  public boolean find(String input) {
    if (pattern == null) {
      return false;
    }
    try {
      return search(input);
    } catch (StackOverflowError e) {
      return searchOnLargeStack(input);
    }
  }

  private boolean search(String input) {
    try {
      return pattern.matcher(new BudgetedChars(input, new long[] {STEP_BUDGET})).find();
    } catch (BudgetExhausted e) {
      return false;
    }
  }

  private boolean searchOnLargeStack(String input) {
    boolean[] result = new boolean[1];
    Thread t = new Thread(null, () -> {
      try {
        result[0] = search(input);
      } catch (StackOverflowError e) {
        result[0] = false;
      }
    }, "berth-regex-search", LARGE_STACK);
    t.setDaemon(true);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return result[0];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Regex r && r.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return "Regex[" + source + "]";
  }

  private static final class BudgetExhausted extends RuntimeException {
    private static final BudgetExhausted INSTANCE = new BudgetExhausted();

    private BudgetExhausted() {
      super("regex step budget exhausted", null, false, false);
    }
  }

  /** The input seen through a shared countdown of character reads. */
  private record BudgetedChars(String text, long[] left) implements CharSequence {

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw BudgetExhausted.INSTANCE;
      }
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BudgetedChars(text.substring(start, end), left);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}

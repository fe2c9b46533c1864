package io.berth.ctr.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} with flags 0 and a non-tab pad character, the way ctr aligns its
 * tables. Text is buffered until {@link #flush()}; cells end at a tab, lines at a newline. The last
 * cell of a line belongs to no column. A column is as wide as its widest cell in a block of
 * consecutive lines that have that column, plus the padding, and at least the minimum width.
 * Widths count Unicode code points, as Go counts runes.
 */
public final class TabWriter {

  private record Cell(String text, int width) {}

  private final StringBuilder out;
  private final int minWidth;
  private final int padding;
  private final char padChar;
  private final StringBuilder pending = new StringBuilder();
  private final List<Integer> widths = new ArrayList<>();
  private List<List<Cell>> lines = new ArrayList<>();

  /**
   * A writer appending to {@code out}; Go's {@code tabwriter.NewWriter(out, minwidth, tabwidth,
   * padding, padchar, 0)} with a pad character other than tab (tab width then plays no part).
   */
  public TabWriter(StringBuilder out, int minWidth, int padding, char padChar) {
    if (minWidth < 0 || padding < 0) {
      throw new IllegalArgumentException("negative width or padding");
    }
    if (padChar == '\t') {
      throw new IllegalArgumentException("tab padding is not supported");
    }
    this.out = out;
    this.minWidth = minWidth;
    this.padding = padding;
    this.padChar = padChar;
  }

  /** The settings of ctr's {@code containers ls}: minwidth 4, padding 4. */
  public static TabWriter wide(StringBuilder out) {
    return new TabWriter(out, 4, 4, ' ');
  }

  /** The settings of ctr's {@code namespaces ls} and {@code leases ls}: minwidth 1, padding 1. */
  public static TabWriter narrow(StringBuilder out) {
    return new TabWriter(out, 1, 1, ' ');
  }

  public TabWriter write(String text) {
    pending.append(text);
    return this;
  }

  /** Formats and appends everything written so far. */
  public void flush() {
    lines = split(pending.toString());
    pending.setLength(0);
    widths.clear();
    format(0, lines.size());
    lines = new ArrayList<>();
  }

  /** Convenience: the formatted form of {@code text} with these settings. */
  public static String format(String text, int minWidth, int padding) {
    StringBuilder sb = new StringBuilder();
    new TabWriter(sb, minWidth, padding, ' ').write(text).flush();
    return sb.toString();
  }

  // A vertical tab ends a cell and a form feed ends a line, as in Go; both are rare in practice.
  private static List<List<Cell>> split(String text) {
    List<List<Cell>> result = new ArrayList<>();
    List<Cell> line = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\t' || ch == '\u000b' || ch == '\n' || ch == '\f') {
        line.add(cell(text.substring(start, i)));
        start = i + 1;
        if (ch == '\n' || ch == '\f') {
          result.add(line);
          line = new ArrayList<>();
        }
      }
    }
    if (start < text.length()) {
      line.add(cell(text.substring(start)));
    }
    result.add(line); // the unterminated last line, possibly empty
    return result;
  }

  private static Cell cell(String text) {
    return new Cell(text, text.codePointCount(0, text.length()));
  }

  private void format(int line0, int line1) {
    int column = widths.size();
    for (int i = line0; i < line1; i++) {
      if (column >= lines.get(i).size() - 1) {
        continue;
      }
      // this line starts a block of lines that all have a cell in this column
      writeLines(line0, i);
      line0 = i;
      int width = minWidth;
      for (; i < line1; i++) {
        List<Cell> line = lines.get(i);
        if (column >= line.size() - 1) {
          break;
        }
        width = Math.max(width, line.get(column).width() + padding);
      }
      widths.add(width);
      format(line0, i);
      widths.removeLast();
      line0 = i;
    }
    writeLines(line0, line1);
  }

  private void writeLines(int line0, int line1) {
    for (int i = line0; i < line1; i++) {
      List<Cell> line = lines.get(i);
      for (int j = 0; j < line.size(); j++) {
        Cell c = line.get(j);
        out.append(c.text());
        if (j < widths.size()) {
          out.repeat(padChar, widths.get(j) - c.width());
        }
      }
      if (i + 1 < lines.size()) {
        out.append('\n');
      }
    }
  }
}

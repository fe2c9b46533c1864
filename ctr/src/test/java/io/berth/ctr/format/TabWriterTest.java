package io.berth.ctr.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TabWriterTest {

  // Recorded from ctr 1.6.20: `ctr c ls` (minwidth 4, padding 4)
  @Test
  void containersTableMatchesCtr() {
    String text = "CONTAINER\tIMAGE\tRUNTIME\t\nX\t-\tio.containerd.runc.v2\t\nY\t-\tio.containerd.runc.v2\t\n";
    assertThat(TabWriter.format(text, 4, 4))
        .isEqualTo(
            "CONTAINER    IMAGE    RUNTIME                  \n"
                + "X            -        io.containerd.runc.v2    \n"
                + "Y            -        io.containerd.runc.v2    \n");
  }

  // Recorded from ctr 1.6.20: `ctr ns ls` (minwidth 1, padding 1)
  @Test
  void namespacesTableMatchesCtr() {
    String text = "NAME\tLABELS\t\ndefault\t\t\nfoo\tc=d,e=f\t\n";
    assertThat(TabWriter.format(text, 1, 1))
        .isEqualTo("NAME    LABELS  \ndefault         \nfoo     c=d,e=f \n");
  }

  @Test
  void headerOnlyTableIsPaddedToItself() {
    assertThat(TabWriter.format("NAME\tLABELS\t\n", 1, 1)).isEqualTo("NAME LABELS \n");
  }

  @Test
  void aLineWithoutTabsEndsTheColumnBlock() {
    String text = "a\tb\t\nlonger-cell\tc\t\nbreak\nx\ty\t\n";
    assertThat(TabWriter.format(text, 1, 1))
        .isEqualTo("a           b \nlonger-cell c \nbreak\nx y \n");
  }

  @Test
  void lastCellOfALineBelongsToNoColumn() {
    assertThat(TabWriter.format("a\tbbbbbb\nccc\td\n", 0, 1)).isEqualTo("a   bbbbbb\nccc d\n");
  }

  @Test
  void widthsCountCodePointsNotUtf16Units() {
    String text = "\u00e9t\u00e9\tx\t\nab\ty\t\n\ud83d\ude00\tz\t\n";
    assertThat(TabWriter.format(text, 1, 1)).isEqualTo("\u00e9t\u00e9 x \nab  y \n\ud83d\ude00   z \n");
  }

  @Test
  void textWithoutFinalNewlineIsWrittenAsIs() {
    assertThat(TabWriter.format("a\tb\t\ncc\td", 1, 1)).isEqualTo("a  b \ncc d");
  }

  @Test
  void tabPaddingIsRefused() {
    assertThatThrownBy(() -> new TabWriter(new StringBuilder(), 1, 1, '\t'))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

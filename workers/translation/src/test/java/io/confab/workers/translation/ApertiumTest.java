package io.confab.workers.translation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApertiumTest {

  @Test
  @DisplayName("A translation keeps the original's outer spacing, whatever APY adds or drops at the ends")
  void aTranslationKeepsTheOriginalsOuterSpacing() {
    assertThat(Apertium.keepOuterSpace("I love you", " Te quiero")).isEqualTo("Te quiero");
    assertThat(Apertium.keepOuterSpace("  indented\n", "sangrado")).isEqualTo("sangrado");
    assertThat(Apertium.keepOuterSpace("a\nb", "un\nb ")).isEqualTo("un\nb");
  }
}

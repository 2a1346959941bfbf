package io.confab.messaging;


import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LanguagesTest {

  @Test
  @DisplayName("ISO 639-1 codes map to Apertium's ISO 639-3 codes and back")
  void isoCodesMapBothWays() {
    assertThat(Languages.toApertium("en")).contains("eng");
    assertThat(Languages.toApertium("es")).contains("spa");
    assertThat(Languages.toApertium("ca")).contains("cat");
    assertThat(Languages.toApertium("fr")).contains("fra");
    assertThat(Languages.toApertium("nb")).contains("nob");
    assertThat(Languages.fromApertium("spa")).contains("es");
    assertThat(Languages.fromApertium("deu")).contains("de");
    assertThat(Languages.fromApertium("oci")).contains("oc");
  }

  @Test
  @DisplayName("Variants, unknown codes and anything but two lower-case letters have no counterpart")
  void variantsAndUnknownCodesHaveNoCounterpart() {
    assertThat(Languages.fromApertium("cat_valencia")).isEmpty();
    assertThat(Languages.fromApertium("eng_US")).isEmpty();
    assertThat(Languages.fromApertium("zzz")).isEmpty();
    assertThat(Languages.toApertium("EN")).isEmpty();
    assertThat(Languages.toApertium("eng")).isEmpty();
    assertThat(Languages.toApertium("qq")).isEmpty();
  }
}

package io.confab.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

  @Test
  @DisplayName("an option from the environment, a string, reads as the typed value a conf file gives")
  void stringsFromTheEnvironmentReadAsTypedValues() {
    JsonObject config = new JsonObject().put("n", " 42 ").put("b", "true").put("t", " apy ");
    assertThat(ConfigValues.number(config, "n", 1)).isEqualTo(42);
    assertThat(ConfigValues.bool(config, "b", false)).isTrue();
    assertThat(ConfigValues.text(config, "t", null)).isEqualTo("apy");
  }

  @Test
  @DisplayName("a blank or missing option means its default")
  void blankOrMissingMeansTheDefault() {
    JsonObject config = new JsonObject().put("n", "").put("b", " ").put("t", "");
    assertThat(ConfigValues.number(config, "n", 7)).isEqualTo(7);
    assertThat(ConfigValues.bool(config, "b", true)).isTrue();
    assertThat(ConfigValues.text(config, "missing", "default")).isEqualTo("default");
  }
}

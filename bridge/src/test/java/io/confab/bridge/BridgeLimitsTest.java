package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BridgeLimitsTest {

  @Test
  @DisplayName("a frame rate of 0 (a budget that never refills) is refused at deployment, naming the key")
  void aRateOfZeroIsRefused() {
    JsonObject config = new JsonObject().put(BridgeLimits.FRAMES_PER_SECOND, 0);

    assertThatThrownBy(() -> BridgeLimits.from(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(BridgeLimits.FRAMES_PER_SECOND);
  }

  @Test
  @DisplayName("without bridge keys the defaults apply")
  void theDefaultsApply() {
    assertThat(BridgeLimits.from(new JsonObject())).isEqualTo(BridgeLimits.DEFAULTS);
  }
}

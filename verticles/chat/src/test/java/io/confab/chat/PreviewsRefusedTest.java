package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.previews.PreviewVerticle;
import io.confab.testing.Eventually;
import io.confab.testing.LogEvents;
import io.confab.testing.TestSite;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The previews worker in its default configuration: no host allowed, so a loopback site is never reached. */
class PreviewsRefusedTest extends ChatTestBase {

  private TestSite site;
  private LogEvents worker;

  @Override
  protected void deployNode() {
    super.deployNode();
    site = TestSite.start(vertx);
    worker = LogEvents.of(PreviewVerticle.class);
    deploy(PreviewVerticle::new, config, 1);
  }

  @AfterEach
  void stopListening() {
    worker.close();
  }

  @Test
  @DisplayName("by default a link to a loopback site is refused: the site gets no request and the message no previews")
  void theDefaultRefusesLoopbackAndStoresNoPreview() {
    User ana = user("Ana");
    String room = group(ana);
    String path = "/" + UUID.randomUUID();
    site.html(path, "<html><head><title>Internal</title></head></html>");

    String id = send(ana, room, "see " + site.url(path) + " and http://localhost/" + UUID.randomUUID()).getString("id");

    Eventually.until(() -> worker.first("preview.none", "id", id).isPresent(), Duration.ofSeconds(10), "the worker done with the links");
    assertThat(site.hits(path)).isZero();
    assertThat(firstMessage(ana, room).containsKey("previews")).isFalse();
    assertThat(firstMessage(ana, room).getLong("rev")).isEqualTo(1);
  }
}

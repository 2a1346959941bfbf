package io.confab.launcher;

import io.confab.testing.TestSite;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** For a page test class: a site on the one loopback port the shared node may fetch link previews from. */
final class PreviewSite implements BeforeAllCallback, AfterAllCallback {

  private Vertx vertx;
  private TestSite site;

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    site = TestSite.start(vertx, WebPageNode.PREVIEW_SITE_PORT);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    vertx.close().await();
  }

  TestSite site() {
    return site;
  }
}

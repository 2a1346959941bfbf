package io.confab.previews;

import io.confab.contract.Limits;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A page's preview, read with jsoup: Open Graph's {@code og:title}, {@code og:description} and
 * {@code og:site_name}, else the {@code <title>} and {@code <meta name="description">}. Plain text only
 * (jsoup gives attribute values and element text, never markup), whitespace folded, each field cut to
 * its limit. A page with neither title nor description gives no preview.
 */
final class PageMeta {

  /** The contract's {@code {url, title?, description?, siteName?}} for {@code link}, or null. */
  static JsonObject preview(String link, PageFetcher.Page page) {
    Document document;
    try {
      // A null charset: jsoup takes the page's <meta charset> or BOM, else UTF-8.
      document = Jsoup.parse(new ByteArrayInputStream(page.body().getBytes()), page.charset(), page.uri().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String title = first(property(document, "og:title"), document.title());
    String description = first(property(document, "og:description"), named(document, "description"));
    String siteName = property(document, "og:site_name");
    if (title == null && description == null) {
      return null;
    }
    JsonObject preview = new JsonObject().put("url", link);
    put(preview, "title", title, Limits.PREVIEW_TITLE_MAX);
    put(preview, "description", description, Limits.PREVIEW_DESCRIPTION_MAX);
    put(preview, "siteName", siteName, Limits.PREVIEW_SITE_NAME_MAX);
    return preview;
  }

  private static String property(Document document, String property) {
    return content(document, "property", property);
  }

  private static String named(Document document, String name) {
    return content(document, "name", name);
  }

  private static String content(Document document, String attribute, String value) {
    for (Element meta : document.select("meta[" + attribute + "]")) {
      if (value.equalsIgnoreCase(meta.attr(attribute).strip())) {
        return folded(meta.attr("content"));
      }
    }
    return null;
  }

  private static String first(String preferred, String fallback) {
    return preferred != null ? preferred : folded(fallback);
  }

  private static String folded(String text) {
    String folded = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return folded.isEmpty() ? null : folded;
  }

  private static void put(JsonObject preview, String field, String text, int max) {
    if (text != null) {
      preview.put(field, text.codePointCount(0, text.length()) <= max ? text : text.substring(0, text.offsetByCodePoints(0, max)));
    }
  }

  private PageMeta() {
  }
}

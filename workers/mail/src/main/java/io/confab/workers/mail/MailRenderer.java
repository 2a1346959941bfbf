package io.confab.workers.mail;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.confab.contract.MailTemplates;
import io.confab.messaging.MailJob;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * The contract's templates, {@code templates/<template>.<locale>.{subject,text,html}.mustache} beside
 * this class, compiled once. The HTML part escapes every value; the subject and the text part are plain
 * text and take values as they are. Unknown locales are English.
 *
 * <p>vars: {@code verify_email} and {@code password_reset} use {@code code} and an optional
 * {@code displayName}; {@code missed_messages} uses {@code roomName}, {@code count}, {@code messages}
 * (a list of {@code {sender, text}}, each text CommonMark and shown as the plain text it reads as:
 * {@code **bold**} as {@code bold}, a link as its text and its URL) and {@code url} (kept only when it is
 * an http(s) URL).
 */
final class MailRenderer {

  private static final String ROOT = "io/confab/workers/mail/templates";
  private static final Pattern WEB_URL = Pattern.compile("https?://[^\\s\"'<>]+", Pattern.CASE_INSENSITIVE);
  private static final int SUBJECT_MAX = 200;
  private static final Parser MARKDOWN = Parser.builder().build();
  private static final TextContentRenderer READABLE = TextContentRenderer.builder().build();

  private record Parts(Mustache subject, Mustache text, Mustache html) {
  }

  private final Map<String, Parts> templates;

  private MailRenderer(Map<String, Parts> templates) {
    this.templates = templates;
  }

  /** Compiles every template in every locale; a missing file fails here, at start, not at the first mail. */
  static MailRenderer load() {
    DefaultMustacheFactory html = new DefaultMustacheFactory(ROOT);
    DefaultMustacheFactory plain = new PlainTextFactory(ROOT);
    Map<String, Parts> templates = new LinkedHashMap<>();
    for (String template : MailTemplates.ALL) {
      for (String locale : MailTemplates.LOCALES) {
        String base = template + "." + locale + ".";
        templates.put(key(template, locale), new Parts(
            plain.compile(base + "subject.mustache"),
            plain.compile(base + "text.mustache"),
            html.compile(base + "html.mustache")));
      }
    }
    return new MailRenderer(Map.copyOf(templates));
  }

  RenderedMail render(MailJob job) {
    String locale = MailTemplates.LOCALES.contains(job.locale()) ? job.locale() : MailTemplates.DEFAULT_LOCALE;
    Parts parts = templates.get(key(job.template(), locale));
    if (parts == null) {
      throw new IllegalArgumentException("no template " + job.template());
    }
    Map<String, Object> scope = scope(job.vars());
    String subject = execute(parts.subject(), scope).replaceAll("[\\r\\n\\t]+", " ").strip();
    if (subject.length() > SUBJECT_MAX) {
      subject = subject.substring(0, SUBJECT_MAX);
    }
    return new RenderedMail(job.to(), subject, execute(parts.text(), scope), execute(parts.html(), scope));
  }

  /**
   * The vars as plain maps and lists (what Mustache walks), with an unsafe {@code url} dropped and the
   * messages' Markdown read as text (the HTML part escapes that text like any value: no markup gets in).
   */
  private static Map<String, Object> scope(JsonObject vars) {
    @SuppressWarnings("unchecked")
    Map<String, Object> scope = (Map<String, Object>) plain(vars);
    Object url = scope.get("url");
    if (url != null && !(url instanceof String text && WEB_URL.matcher(text).matches())) {
      scope.remove("url");
    }
    if (scope.get("messages") instanceof List<?> messages) {
      for (Object message : messages) {
        if (message instanceof Map<?, ?> map && map.get("text") instanceof String text) {
          @SuppressWarnings("unchecked")
          Map<String, Object> fields = (Map<String, Object>) map;
          fields.put("text", READABLE.render(MARKDOWN.parse(text)));
        }
      }
    }
    return scope;
  }

  private static Object plain(Object value) {
    if (value instanceof JsonObject object) {
      return plain(object.getMap());
    }
    if (value instanceof JsonArray array) {
      return plain(array.getList());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(String.valueOf(key), plain(item)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(plain(item)));
      return copy;
    }
    return value;
  }

  private static String execute(Mustache mustache, Map<String, Object> scope) {
    StringWriter out = new StringWriter();
    mustache.execute(out, scope);
    return out.toString();
  }

  private static String key(String template, String locale) {
    return template + "." + locale;
  }

  /** Values written as they are: for the subject and the text part, which no browser interprets. */
  private static final class PlainTextFactory extends DefaultMustacheFactory {

    PlainTextFactory(String root) {
      super(root);
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new MustacheException("cannot write", e);
      }
    }
  }
}

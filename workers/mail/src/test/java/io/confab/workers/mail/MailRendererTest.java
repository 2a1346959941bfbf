package io.confab.workers.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.messaging.MailJob;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MailRendererTest {

  private static final MailRenderer RENDERER = MailRenderer.load();

  private static MailJob job(String template, String locale, JsonObject vars) {
    return new MailJob("job-1", "ana@example.com", template, locale, vars);
  }

  @Test
  @DisplayName("A verification mail in Spanish has the Spanish subject and the code in its text and HTML parts")
  void aSpanishVerificationMailCarriesTheCodeInBothParts() {
    RenderedMail mail = RENDERER.render(job("verify_email", "es", new JsonObject().put("code", "482913").put("displayName", "Ana")));

    assertThat(mail.subject()).isEqualTo("Tu código de verificación de Confab");
    assertThat(mail.text()).startsWith("Hola Ana:").contains("Tu código de verificación de Confab es: 482913");
    assertThat(mail.html()).contains("<html lang=\"es\">").contains(">482913<");
  }

  @Test
  @DisplayName("Every template renders in every locale, and an unknown locale is English")
  void everyTemplateRendersAndUnknownLocalesAreEnglish() {
    for (String template : io.confab.contract.MailTemplates.ALL) {
      for (String locale : io.confab.contract.MailTemplates.LOCALES) {
        RenderedMail mail = RENDERER.render(job(template, locale, new JsonObject().put("code", "1").put("roomName", "r").put("count", 1)));
        assertThat(mail.subject()).isNotBlank();
        assertThat(mail.text()).isNotBlank();
        assertThat(mail.html()).startsWith("<!DOCTYPE html>");
      }
    }
    assertThat(RENDERER.render(job("password_reset", "de", new JsonObject().put("code", "77"))).subject())
        .isEqualTo("Reset your Confab password");
  }

  @Test
  @DisplayName("Values are escaped in the HTML part and written as they are in the text part and the subject")
  void valuesAreEscapedOnlyInHtml() {
    JsonObject vars = new JsonObject().put("roomName", "<script>x</script> & co").put("count", 2)
        .put("messages", new JsonArray().add(new JsonObject().put("sender", "Bob").put("text", "<img src=x onerror=alert(1)>")));

    RenderedMail mail = RENDERER.render(job("missed_messages", "en", vars));

    assertThat(mail.html()).doesNotContain("<script>").doesNotContain("<img").contains("&lt;script&gt;").contains("&amp; co");
    assertThat(mail.text()).contains("<script>x</script> & co").contains("Bob: <img src=x onerror=alert(1)>");
    assertThat(mail.subject()).isEqualTo("New messages in <script>x</script> & co (2)");
  }

  @Test
  @DisplayName("Missed messages lists each message and links only to http(s) URLs")
  void missedMessagesListsMessagesAndKeepsOnlyWebLinks() {
    JsonObject vars = new JsonObject().put("roomName", "General").put("count", 2)
        .put("messages", new JsonArray()
            .add(new JsonObject().put("sender", "Bob").put("text", "hola"))
            .add(new JsonObject().put("sender", "Eve").put("text", "adiós")));

    RenderedMail linked = RENDERER.render(job("missed_messages", "es", vars.copy().put("url", "https://confab.example/rooms/1")));
    RenderedMail unsafe = RENDERER.render(job("missed_messages", "es", vars.copy().put("url", "javascript:alert(1)")));

    assertThat(linked.subject()).isEqualTo("Mensajes nuevos en General (2)");
    assertThat(linked.text()).contains("Bob: hola\nEve: adiós\n").contains("Abre la conversación: https://confab.example/rooms/1");
    assertThat(linked.html()).contains("<a href=\"https://confab.example/rooms/1\">");
    assertThat(unsafe.html()).doesNotContain("javascript").doesNotContain("<a href");
    assertThat(unsafe.text()).doesNotContain("javascript");
  }

  @Test
  @DisplayName("Missed messages show a message's Markdown as the text it reads as, in both parts, with no markup made")
  void missedMessagesShowMarkdownAsReadableText() {
    JsonObject vars = new JsonObject().put("roomName", "General").put("count", 1)
        .put("messages", new JsonArray().add(new JsonObject().put("sender", "Bob")
            .put("text", "**bold** move, see [the guide](https://example.org/g) and [x](javascript:alert(1)) <b>hi</b>")));

    RenderedMail mail = RENDERER.render(job("missed_messages", "en", vars));

    assertThat(mail.text()).contains("Bob: bold move, see \"the guide\" (https://example.org/g)").doesNotContain("**");
    assertThat(mail.html()).contains("bold move, see &quot;the guide&quot; (https://example.org/g)")
        .doesNotContain("**").doesNotContain("<b>").doesNotContain("<a href=\"javascript");
  }
}

package io.confab.workers.mail;

/** One mail ready to go: recipient, subject, and the same content as plain text and as HTML. */
public record RenderedMail(String to, String subject, String text, String html) {
}

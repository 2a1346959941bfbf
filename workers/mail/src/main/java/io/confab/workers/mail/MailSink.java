package io.confab.workers.mail;

import io.vertx.core.Future;

/** Where rendered mails go: an SMTP server, or the dev mailbox. */
interface MailSink {

  /** Completes once the mail is handed over for good (accepted by the server, stored in the mailbox). */
  Future<Void> send(RenderedMail mail);

  /** A name for logs. */
  String name();

  Future<Void> close();
}

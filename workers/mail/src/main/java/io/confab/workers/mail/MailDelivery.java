package io.confab.workers.mail;

import io.confab.messaging.MailJob;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one mail job at most once per id, whichever intake it came from: claim the id in Redis,
 * render, hand to the sink, record it sent. A failure fails the Future and leaves the job unsent (and
 * unclaimed) for the next attempt.
 *
 * <p>A copy of a job another worker is sending right now waits for that worker's outcome (polling the
 * claim) instead of failing: it is then skipped if the mail went out, or sent here if the other worker
 * failed, and never counts as a failed delivery that could dead-letter a mail that was in fact sent.
 */
final class MailDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(MailDelivery.class);

  enum Outcome { SENT, ALREADY_SENT }

  /** Another worker holds the job's lease: not a failure of the mail, but this attempt must wait. */
  static final class BusyException extends RuntimeException {
    BusyException() {
      super("another worker is sending this job", null, false, false);
    }
  }

  /** How often a copy waiting for another worker's send looks again. */
  static final long BUSY_POLL_MS = 200;

  private final Vertx vertx;
  private final MailRenderer renderer;
  private final MailSink sink;
  private final JobClaims claims;

  MailDelivery(Vertx vertx, MailRenderer renderer, MailSink sink, JobClaims claims) {
    this.vertx = vertx;
    this.renderer = renderer;
    this.sink = sink;
    this.claims = claims;
  }

  Future<Outcome> deliver(MailJob job) {
    // A lease ends within LEASE (released, or expired if its worker died): wait a little longer at most.
    long deadline = System.currentTimeMillis() + JobClaims.LEASE.toMillis() + BUSY_POLL_MS;
    return deliver(job, UUID.randomUUID().toString(), deadline, true);
  }

  private Future<Outcome> deliver(MailJob job, String token, long deadline, boolean first) {
    return claims.claim(job.id(), token).compose(claim -> switch (claim) {
      case SENT -> {
        LOG.atInfo().setMessage("mail.duplicate.skipped").addKeyValue("id", job.id()).log();
        yield Future.succeededFuture(Outcome.ALREADY_SENT);
      }
      case BUSY -> {
        if (System.currentTimeMillis() > deadline) {
          yield Future.failedFuture(new BusyException());
        }
        if (first) {
          LOG.atInfo().setMessage("mail.duplicate.waiting").addKeyValue("id", job.id()).log();
        }
        Promise<Outcome> again = Promise.promise();
        vertx.setTimer(BUSY_POLL_MS, id -> deliver(job, token, deadline, false).onComplete(again));
        yield again.future();
      }
      case CLAIMED -> send(job, token);
    });
  }

  private Future<Outcome> send(MailJob job, String token) {
    Future<Void> sent;
    try {
      sent = sink.send(renderer.render(job));
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.compose(
        v -> {
          LOG.atInfo().setMessage("mail.sent").addKeyValue("id", job.id()).addKeyValue("template", job.template())
              .addKeyValue("locale", job.locale()).addKeyValue("sink", sink.name()).log();
          return recordSent(job, 1).map(Outcome.SENT);
        },
        failure -> claims.release(job.id(), token)
            .transform(released -> Future.<Outcome>failedFuture(failure)));
  }

  /** The mail is out: record it, retrying a little; if Redis stays away, still report it sent (not resend it now). */
  private Future<Void> recordSent(MailJob job, int attempt) {
    return claims.markSent(job.id()).recover(e -> {
      if (attempt < 3) {
        return recordSent(job, attempt + 1);
      }
      LOG.atError().setMessage("mail.sent.unrecorded").addKeyValue("id", job.id())
          .addKeyValue("error", String.valueOf(e.getMessage())).log();
      return Future.succeededFuture();
    });
  }
}

package io.confab.workers.translation;

import io.confab.messaging.TranslationJob;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request, whichever intake it came from: the reply to send ({@code {id, text, engine}},
 * {@code {id, pairs}} or {@code {id, error: "unsupported_pair"}}), or a failed Future when APY is
 * unavailable (the broker intake then retries the request; the in-process one answers
 * {@code {id, error: "unavailable"}}).
 */
final class Translator {

  private static final Logger LOG = LoggerFactory.getLogger(Translator.class);

  private final Apertium apertium;
  private final TranslationRecords records;

  Translator(Apertium apertium, TranslationRecords records) {
    this.apertium = apertium;
    this.records = records;
  }

  Future<JsonObject> answer(TranslationJob job) {
    return switch (job.type()) {
      case PAIRS -> apertium.pairs().map(pairs -> TranslationJob.pairsReply(job.id(), pairs));
      case TRANSLATE -> translate(job);
    };
  }

  private Future<JsonObject> translate(TranslationJob job) {
    if (job.from() == null) {
      // No detector runs here (APY's needs CLD2, which Debian does not package): the source must be named.
      return Future.succeededFuture(TranslationJob.error(job.id(), TranslationJob.UNSUPPORTED_PAIR));
    }
    if (job.from().equals(job.to())) {
      return Future.succeededFuture(TranslationJob.translated(job.id(), job.text(), TranslationJob.ENGINE_NONE));
    }
    return records.answered(job.id()).compose(known -> {
      if (known != null) {
        LOG.atInfo().setMessage("translate.duplicate.answered").addKeyValue("id", job.id()).log();
        return Future.succeededFuture(known);
      }
      long started = System.nanoTime();
      return apertium.translate(job.from(), job.to(), job.text())
          .compose(text -> {
            JsonObject reply = TranslationJob.translated(job.id(), text, TranslationJob.ENGINE_APERTIUM);
            LOG.atInfo().setMessage("translate.done").addKeyValue("id", job.id()).addKeyValue("from", job.from())
                .addKeyValue("to", job.to()).addKeyValue("chars", job.text().length())
                .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000).log();
            return records.record(job.id(), reply).map(reply);
          }, failure -> {
            if (failure instanceof Apertium.UnsupportedPair) {
              LOG.atInfo().setMessage("translate.unsupported").addKeyValue("id", job.id()).addKeyValue("from", job.from())
                  .addKeyValue("to", job.to()).log();
              return Future.succeededFuture(TranslationJob.error(job.id(), TranslationJob.UNSUPPORTED_PAIR));
            }
            return Future.failedFuture(failure);
          });
    });
  }
}

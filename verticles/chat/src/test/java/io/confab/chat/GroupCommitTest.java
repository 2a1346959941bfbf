package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class GroupCommitTest {

  /** Writes nothing until told: the batches it was given, and the promise of the one in hand. */
  private static final class HeldWriter implements GroupCommit.Writer<Integer, String> {
    final List<List<Integer>> batches = new ArrayList<>();
    final AtomicReference<Promise<List<String>>> pending = new AtomicReference<>();

    @Override
    public Future<List<String>> write(List<Integer> batch) {
      batches.add(batch);
      Promise<List<String>> promise = Promise.promise();
      pending.set(promise);
      return promise.future();
    }

    void finish() {
      List<Integer> last = batches.get(batches.size() - 1);
      pending.get().complete(last.stream().map(HeldWriter::stored).toList());
    }

    static String stored(int i) {
      return "stored " + i;
    }
  }

  @Test
  @DisplayName("what arrives while a batch is written makes the next batch, each item answered with its own result")
  void itemsArrivingDuringAWriteMakeTheNextBatch(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(go -> {
      HeldWriter writer = new HeldWriter();
      GroupCommit<Integer, String> commit = new GroupCommit<>(10, writer);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        answers.add(commit.submit(i));
      }
      writer.finish();
      writer.finish();
      Future.all(answers).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(writer.batches).containsExactly(List.of(0), List.of(1, 2, 3, 4));
        assertThat(all.<String>list()).containsExactly("stored 0", "stored 1", "stored 2", "stored 3", "stored 4");
        test.completeNow();
      })));
    });
  }

  @Test
  @DisplayName("a batch holds at most maxBatch items; the rest wait for the next")
  void batchesAreBounded(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(go -> {
      HeldWriter writer = new HeldWriter();
      GroupCommit<Integer, String> commit = new GroupCommit<>(2, writer);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(commit.submit(i));
      }
      for (int i = 0; i < 4; i++) {
        writer.finish();
      }
      Future.all(answers).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(writer.batches).containsExactly(List.of(0), List.of(1, 2), List.of(3, 4), List.of(5));
        test.completeNow();
      })));
    });
  }

  @Test
  @DisplayName("a failed or throwing write fails its own batch only, and the writer goes on with the next")
  void aFailedBatchFailsItsItemsAndTheWriterGoesOn(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(go -> {
      List<List<Integer>> batches = new ArrayList<>();
      Promise<List<String>> first = Promise.promise();
      GroupCommit<Integer, String> commit = new GroupCommit<>(10, batch -> {
        batches.add(batch);
        if (batches.size() == 1) {
          return first.future();
        }
        if (batches.size() == 2) {
          throw new IllegalStateException("store down");
        }
        return Future.succeededFuture(batch.stream().map(i -> "ok " + i).toList());
      });
      Future<String> a = commit.submit(1);
      Future<String> b = commit.submit(2);
      Future<String> c = commit.submit(3);
      first.fail("lock not had");
      commit.submit(4).onComplete(test.succeeding(d -> test.verify(() -> {
        assertThat(a.failed()).isTrue();
        assertThat(b.cause()).hasMessage("store down");
        assertThat(c.cause()).hasMessage("store down");
        assertThat(d).isEqualTo("ok 4");
        test.completeNow();
      })));
    });
  }

  @Test
  @DisplayName("with maxWaiting items waiting behind the batch in hand, a submit is answered unavailable at once; the waiting ones are still written")
  void aFullWriterRefusesAtOnce(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(go -> {
      HeldWriter writer = new HeldWriter();
      GroupCommit<Integer, String> commit = new GroupCommit<>(10, 2, writer);
      List<Future<String>> accepted = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        accepted.add(commit.submit(i));
      }
      Future<String> refused = commit.submit(3);
      test.verify(() -> assertThat(refused.cause()).isInstanceOfSatisfying(ContractException.class,
          unavailable -> assertThat(unavailable.error()).isEqualTo(ErrorCode.UNAVAILABLE)));
      writer.finish();
      writer.finish();
      Future.all(accepted).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(writer.batches).containsExactly(List.of(0), List.of(1, 2));
        test.completeNow();
      })));
    });
  }
}

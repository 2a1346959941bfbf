package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static final java.util.function.Supplier<RuntimeException> FULL = () -> new IllegalStateException("full");

  /** Writes nothing until told: the batches it was given, and the promise of the one in hand. */
  private static final class HeldWriter implements GroupCommit.Writer<Integer, String> {
    final List<List<Integer>> batches = new ArrayList<>();
    final AtomicReference<Promise<List<String>>> pending = new AtomicReference<>();

    @Override
    public Future<List<String>> write(String key, List<Integer> batch) {
      batches.add(batch);
      Promise<List<String>> promise = Promise.promise();
      pending.set(promise);
      return promise.future();
    }

    void finish() {
      List<Integer> last = batches.get(batches.size() - 1);
      pending.get().complete(last.stream().map(i -> key(i)).toList());
    }

    static String key(int i) {
      return "stored " + i;
    }
  }

  @Test
  @DisplayName("what arrives while a batch is written makes the next batch, each item answered with its own result")
  void itemsArrivingDuringAWriteMakeTheNextBatch(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(go -> {
      HeldWriter writer = new HeldWriter();
      GroupCommit<Integer, String> commit = new GroupCommit<>(10, 100, FULL, writer);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        answers.add(commit.submit("room", i));
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
      GroupCommit<Integer, String> commit = new GroupCommit<>(2, 100, FULL, writer);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(commit.submit("room", i));
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
  @DisplayName("keys are written independently: one key's batch in hand does not hold another's")
  void keysDoNotWaitForEachOther(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(go -> {
      List<String> written = new ArrayList<>();
      GroupCommit<Integer, String> commit = new GroupCommit<>(10, 100, FULL, (key, batch) -> {
        written.add(key);
        return "a".equals(key) ? Promise.<List<String>>promise().future() : Future.succeededFuture(List.of("b done"));
      });
      commit.submit("a", 1);
      commit.submit("b", 2).onComplete(test.succeeding(done -> test.verify(() -> {
        assertThat(done).isEqualTo("b done");
        assertThat(written).containsExactly("a", "b");
        test.completeNow();
      })));
    });
  }

  @Test
  @DisplayName("a failed or throwing write fails its own batch only, and the key goes on with the next")
  void aFailedBatchFailsItsItemsAndTheKeyGoesOn(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(go -> {
      List<List<Integer>> batches = new ArrayList<>();
      Promise<List<String>> first = Promise.promise();
      GroupCommit<Integer, String> commit = new GroupCommit<>(10, 100, FULL, (key, batch) -> {
        batches.add(batch);
        if (batches.size() == 1) {
          return first.future();
        }
        if (batches.size() == 2) {
          throw new IllegalStateException("store down");
        }
        return Future.succeededFuture(batch.stream().map(i -> "ok " + i).toList());
      });
      Future<String> a = commit.submit("room", 1);
      Future<String> b = commit.submit("room", 2);
      Future<String> c = commit.submit("room", 3);
      first.fail("lock not had");
      commit.submit("room", 4).onComplete(test.succeeding(d -> test.verify(() -> {
        assertThat(a.failed()).isTrue();
        assertThat(b.cause()).hasMessage("store down");
        assertThat(c.cause()).hasMessage("store down");
        assertThat(d).isEqualTo("ok 4");
        test.completeNow();
      })));
    });
  }

  @Test
  @DisplayName("with maxWaiting items of one key waiting behind the batch in hand, a submit fails at once; the waiting ones are still written")
  void aFullKeyRefusesAtOnce(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(go -> {
      HeldWriter writer = new HeldWriter();
      GroupCommit<Integer, String> commit = new GroupCommit<>(10, 2, FULL, writer);
      List<Future<String>> accepted = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        accepted.add(commit.submit("room", i));
      }
      Future<String> refused = commit.submit("room", 3);
      test.verify(() -> assertThat(refused.cause()).hasMessage("full"));
      writer.finish();
      writer.finish();
      Future.all(accepted).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(writer.batches).containsExactly(List.of(0), List.of(1, 2));
        test.completeNow();
      })));
    });
  }
}

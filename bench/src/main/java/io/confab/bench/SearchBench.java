package io.confab.bench;

import io.confab.search.LuceneEngine;
import io.confab.search.OpenSearchEngine;
import io.confab.search.SearchEngine;
import io.confab.search.SearchQuery;
import io.confab.testing.opensearch.OpenSearchProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * bench/search (issue 17): each engine behind the same {@link SearchEngine} calls the search verticle
 * makes. Indexing as the feed does it (batches of one page, one at a time, each acknowledged once
 * searchable) while a searcher runs queries beside it; then query latency over the whole corpus. Both
 * engines get the same messages (a fixed seed) and the same queries; prints one markdown table.
 */
public final class SearchBench {

  static final String USAGE = """
      usage: bench/search [--messages 100000] [--rooms 200] [--batch 500] [--queries 2000] [--rooms-per-user 20]
                          [--engines lucene,opensearch] [--opensearch-heap 1g]
             (bench/search passes --work itself)""";

  /** Words of a chat, drawn with a skew: a few very common, most rare. */
  private static final String[] WORDS = ("meeting lunch deploy release bug fix review plan coffee today tomorrow "
      + "monday friday weekend budget report client server database index search message room channel team "
      + "project deadline draft design test build merge branch ticket issue customer invoice travel hotel flight "
      + "café élan zürich genève naïve résumé").split(" ");
  private static final String[] CJK = {"東京駅で会いましょう", "我们明天去北京开会", "오늘 한국어 공부를 했어요", "会議は三時からです"};

  int messages = 100_000;
  int rooms = 200;
  int batch = 500;
  int queries = 2_000;
  int roomsPerUser = 20;
  List<String> engines = List.of("lucene", "opensearch");
  String openSearchHeap = "1g";
  Path work;

  record Result(String engine, int messages, double indexedPerSecond, long queriesWhileIndexing, Histogram latency) {
  }

  public static void main(String[] args) throws Exception {
    SearchBench bench = parse(args);
    List<Result> results = new ArrayList<>();
    for (String engine : bench.engines) {
      results.add(bench.run(engine));
    }
    System.out.println(table(results));
    System.exit(0);
  }

  private Result run(String name) throws Exception {
    Vertx vertx = Vertx.vertx();
    OpenSearchProcess cluster = null;
    try {
      SearchEngine engine;
      if (name.equals("lucene")) {
        engine = LuceneEngine.open(vertx, work.resolve("lucene")).await();
      } else if (name.equals("opensearch")) {
        System.err.println("starting OpenSearch (" + openSearchHeap + " heap)...");
        cluster = OpenSearchProcess.start(work.resolve("opensearch"), openSearchHeap);
        engine = OpenSearchEngine.open(vertx, cluster.uri()).await();
      } else {
        throw new IllegalArgumentException("unknown engine " + name + "; known: lucene, opensearch");
      }
      engine.clear().await();
      System.err.println(name + ": indexing " + messages + " messages in batches of " + batch + ", a searcher beside...");
      AtomicBoolean indexing = new AtomicBoolean(true);
      AtomicLong searchedWhileIndexing = new AtomicLong();
      Thread searcher = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(7);
        while (indexing.get()) {
          engine.search(query(random)).await();
          searchedWhileIndexing.incrementAndGet();
        }
      }, "bench-searcher");
      searcher.start();
      SplittableRandom random = new SplittableRandom(42);
      long start = System.nanoTime();
      for (int from = 0; from < messages; from += batch) {
        List<JsonObject> page = new ArrayList<>();
        for (int i = from; i < Math.min(messages, from + batch); i++) {
          page.add(message(i, random));
        }
        engine.index(page).await();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      indexing.set(false);
      searcher.join();
      System.err.println(name + ": " + queries + " queries over the corpus...");
      Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
      SplittableRandom queryRandom = new SplittableRandom(99);
      for (int i = 0; i < queries; i++) {
        SearchQuery query = query(queryRandom);
        long asked = System.nanoTime();
        engine.search(query).await();
        latency.recordValue((System.nanoTime() - asked) / 1_000);
      }
      engine.close().await();
      return new Result(name, messages, messages / seconds, searchedWhileIndexing.get(), latency);
    } finally {
      vertx.close().await();
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  /** The i-th message: 4 to 20 words, one in 50 with a CJK sentence, spread over the rooms, ts rising. */
  private JsonObject message(int i, SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    int words = 4 + random.nextInt(17);
    for (int w = 0; w < words; w++) {
      text.append(w == 0 ? "" : " ").append(word(random));
    }
    if (random.nextInt(50) == 0) {
      text.append(' ').append(CJK[random.nextInt(CJK.length)]);
    }
    return new JsonObject().put("id", "m" + i).put("room", "r" + (i % rooms)).put("rev", (long) i / rooms + 1)
        .put("ts", 1_700_000_000_000L + i).put("text", text.toString());
  }

  /** One or two words, or a CJK word, in the rooms of one user, the first page. */
  private SearchQuery query(SplittableRandom random) {
    int kind = random.nextInt(10);
    String text = kind == 0 ? "北京" : kind < 6 ? word(random) : word(random) + " " + word(random);
    Set<String> mine = new HashSet<>();
    while (mine.size() < Math.min(roomsPerUser, rooms)) {
      mine.add("r" + random.nextInt(rooms));
    }
    return new SearchQuery(text, mine, 20, null);
  }

  private static String word(SplittableRandom random) {
    // Squaring the draw favours the first words: a skewed vocabulary like a chat's.
    double u = random.nextDouble();
    return WORDS[(int) (u * u * WORDS.length)];
  }

  static String table(List<Result> results) {
    StringBuilder out = new StringBuilder("""
        | engine | messages | indexed (messages/s, searcher beside) | queries while indexing | query p50 (ms) | query p99 (ms) | queries |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: |
        """);
    for (Result r : results) {
      out.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,d | %s | %s | %,d |%n", r.engine(), r.messages(), r.indexedPerSecond(),
          r.queriesWhileIndexing(), Bench.ms(r.latency(), 50), Bench.ms(r.latency(), 99), r.latency().getTotalCount()));
    }
    return out.toString();
  }

  static SearchBench parse(String[] args) {
    SearchBench b = new SearchBench();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--messages" -> b.messages = Integer.parseInt(args[++i]);
        case "--rooms" -> b.rooms = Integer.parseInt(args[++i]);
        case "--batch" -> b.batch = Integer.parseInt(args[++i]);
        case "--queries" -> b.queries = Integer.parseInt(args[++i]);
        case "--rooms-per-user" -> b.roomsPerUser = Integer.parseInt(args[++i]);
        case "--engines" -> b.engines = List.of(args[++i].split(","));
        case "--opensearch-heap" -> b.openSearchHeap = args[++i];
        case "--work" -> b.work = Path.of(args[++i]);
        default -> {
          System.err.println(USAGE);
          System.exit(2);
        }
      }
    }
    if (b.work == null) {
      System.err.println(USAGE);
      System.exit(2);
    }
    return b;
  }
}

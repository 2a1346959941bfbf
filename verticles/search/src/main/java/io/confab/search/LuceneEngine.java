package io.confab.search;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The embedded engine: one Lucene index in a directory (under the data dir), for one machine.
 *
 * <p>Every Lucene call runs on one worker thread of its own, so the engine never blocks an event loop and
 * its check-then-write upserts never race each other. Each message is one document holding its rev; a
 * deleted message leaves a document without text (a tombstone: nothing matches it, and it keeps the rev an
 * older state is compared with). Each room's indexed rev is a document of its own in the same index, so
 * it is committed with the messages it speaks for, and a wiped index forgets it too. A recorded rev is
 * remembered on the worker thread ({@link #unwrittenRevs}) and its document written just before the next
 * commit: one update per room per pass (a pass a message in direct rooms) was a sixth of the thread's work
 * plus the flushes and merges of those documents, and written at the commit a rev is never committed
 * ahead of its messages.
 *
 * <p>Writes do not refresh the searcher (a near-real-time reopen flushes a tiny segment, and one per write
 * kept Lucene merging all the time). The upsert's check stays exact without it: the worker thread remembers
 * each id's rev written since the last refresh ({@link #unrefreshed}) and consults that before the
 * searcher. The searcher is refreshed (and that memory emptied) when a search or {@link #indexedRevs} asks,
 * so a search answered after an index call finds what it indexed; every {@link #REFRESH_MS} while writes
 * come; and when the memory reaches {@link #UNREFRESHED_MAX}. A refresh flushes the writer's buffers to a
 * segment: refreshed only at the commit, they lived five seconds, through several young collections that
 * each copied them (docs/BENCHMARKS.md).
 */
public final class LuceneEngine implements SearchEngine {

  private static final String KIND = "kind";
  private static final String MESSAGE = "message";
  private static final String ROOM_REV = "roomRev";
  private static final String ID = "id";
  private static final String ROOM = "room";
  private static final String REV = "rev";
  private static final String TS = "ts";
  private static final String TEXT = "text";
  /** The tie-break of the newest-first order: the id as sortable bytes. */
  private static final String ORDER_ID = "orderId";
  /** Room-rev documents: the room they speak for. */
  private static final String REV_ROOM = "revRoom";
  private static final Sort NEWEST_FIRST = new Sort(new SortField(TS, SortField.Type.LONG, true),
      new SortField(ORDER_ID, SortField.Type.STRING, true));
  private static final FieldType TEXT_WITH_OFFSETS = textWithOffsets();
  /** Characters of a highlight: a line's worth around the match. */
  private static final int HIGHLIGHT_LENGTH = 120;
  private static final int HIGHLIGHTS_MAX = 2;
  static final long COMMIT_MS = 5_000;
  static final long REFRESH_MS = 1_000;
  /** Ids remembered since the last refresh, at most: past it the writer refreshes (a few MB of memory). */
  static final int UNREFRESHED_MAX = 20_000;

  private final WorkerExecutor worker;
  private final Directory directory;
  private final Analyzer analyzer;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final UnifiedHighlighter highlighter;
  /** Each id's rev written since the searcher was last refreshed, which it does not see yet; worker thread only. */
  private final Map<String, Long> unrefreshed = new HashMap<>();
  /** Each message's and each room's rev as the searcher sees them; worker thread only. */
  private final RevLookup messageRevs = new RevLookup(ID, REV);
  private final RevLookup roomRevs = new RevLookup(REV_ROOM, REV);
  /** Each room's rev recorded since the last commit, its document not written yet; worker thread only. */
  private final Map<String, Long> unwrittenRevs = new HashMap<>();
  /** The timers of {@link #commit} and {@link #refreshWritten}, and what they run on. */
  private long committing;
  private long refreshing;
  private Vertx timers;

  private LuceneEngine(WorkerExecutor worker, Directory directory) throws IOException {
    this.worker = worker;
    this.directory = directory;
    this.analyzer = new MessageAnalyzer();
    this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
    this.searchers = new SearcherManager(writer, null);
    this.highlighter = UnifiedHighlighter.builderWithoutSearcher(analyzer)
        .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(BreakIterator.getWordInstance(Locale.ROOT), HIGHLIGHT_LENGTH, 0.5f))
        .withFormatter(new PlainPassages())
        .withMaxNoHighlightPassages(0)
        .build();
  }

  /** Opens (creating when absent) the index in {@code path}. */
  public static Future<SearchEngine> open(Vertx vertx, Path path) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("confab-search-lucene-" + path.toAbsolutePath(), 1);
    return worker.<LuceneEngine>executeBlocking(() -> new LuceneEngine(worker, FSDirectory.open(path)))
        .<SearchEngine>map(engine -> {
          engine.committing = vertx.setPeriodic(COMMIT_MS, timer -> engine.commit());
          engine.refreshing = vertx.setPeriodic(REFRESH_MS, timer -> engine.refreshWritten());
          engine.timers = vertx;
          return engine;
        })
        .onFailure(failed -> worker.close());
  }

  @Override
  public Future<Void> index(List<JsonObject> messages) {
    return blocking(() -> {
      Map<String, JsonObject> newest = new LinkedHashMap<>();
      for (JsonObject message : messages) {
        newest.merge(message.getString(ID), message, (a, b) -> b.getLong(REV) > a.getLong(REV) ? b : a);
      }
      IndexSearcher searcher = searchers.acquire();
      try {
        for (JsonObject message : newest.values()) {
          String id = message.getString(ID);
          Long indexed = unrefreshed.containsKey(id) ? unrefreshed.get(id) : messageRevs.rev(searcher, id);
          if (indexed == null || indexed < message.getLong(REV)) {
            writer.updateDocument(new Term(ID, id), document(message));
            unrefreshed.put(id, message.getLong(REV));
          }
        }
      } finally {
        searchers.release(searcher);
      }
      refreshIfFull();
      return null;
    });
  }

  @Override
  public Future<List<SearchHit>> search(SearchQuery query) {
    return blocking(() -> {
      refresh();
      Query words = parser().parse(query.text());
      if (words == null || query.rooms().isEmpty() || query.limit() <= 0) {
        return List.of();
      }
      Query found = new BooleanQuery.Builder()
          .add(words, BooleanClause.Occur.MUST)
          .add(new TermInSetQuery(ROOM, query.rooms().stream().map(BytesRef::new).toList()), BooleanClause.Occur.FILTER)
          .build();
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = query.after() == null
            ? searcher.search(found, query.limit(), NEWEST_FIRST)
            // The last doc id: a hit tied with the position on every sort field is the position itself, left out.
            : searcher.searchAfter(new FieldDoc(searcher.getIndexReader().maxDoc() - 1, Float.NaN,
                new Object[] {query.after().ts(), new BytesRef(query.after().id())}), found, query.limit(), NEWEST_FIRST);
        StoredFields stored = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>();
        for (ScoreDoc hit : top.scoreDocs) {
          Document document = stored.document(hit.doc);
          String text = document.get(TEXT);
          Object pieces = highlighter.highlightWithoutSearcher(TEXT, words, text, HIGHLIGHTS_MAX);
          hits.add(new SearchHit(document.get(ID), document.get(ROOM), document.getField(TS).numericValue().longValue(),
              pieces instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of()));
        }
        return hits;
      } finally {
        searchers.release(searcher);
      }
    });
  }

  @Override
  public Future<Map<String, Long>> indexedRevs() {
    return blocking(() -> {
      refresh();
      IndexSearcher searcher = searchers.acquire();
      try {
        Map<String, Long> revs = new HashMap<>();
        TopDocs all = searcher.search(new TermQuery(new Term(KIND, ROOM_REV)), Math.max(1, searcher.getIndexReader().maxDoc()));
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc hit : all.scoreDocs) {
          Document document = stored.document(hit.doc);
          revs.put(document.get(REV_ROOM), document.getField(REV).numericValue().longValue());
        }
        unwrittenRevs.forEach((room, rev) -> revs.merge(room, rev, Math::max));
        return revs;
      } finally {
        searchers.release(searcher);
      }
    });
  }

  @Override
  public Future<Void> recordRevs(Map<String, Long> revs) {
    return blocking(() -> {
      revs.forEach((room, rev) -> unwrittenRevs.merge(room, rev, Math::max));
      return null;
    });
  }

  /**
   * Makes what was indexed durable, the revs with the messages before them, every {@link #COMMIT_MS} rather
   * than after each pass: a commit writes and syncs a segment, and one per pass (a pass a batch when direct
   * rooms send) took most of a node's CPU. What a crash loses since is indexed again from the committed revs.
   */
  private Future<Void> commit() {
    return blocking(() -> {
      if (writer.isOpen() && (writer.hasUncommittedChanges() || !unwrittenRevs.isEmpty())) {
        writeRevs();
        writer.commit();
      }
      return null;
    });
  }

  @Override
  public Future<Void> clear() {
    return blocking(() -> {
      // The revs remembered speak for messages deleted here: forgotten, not written.
      unwrittenRevs.clear();
      writer.deleteAll();
      writer.commit();
      refresh();
      return null;
    });
  }

  @Override
  public Future<Void> check() {
    return blocking(() -> {
      if (!writer.isOpen() || writer.getTragicException() != null) {
        throw new IOException("the index writer is closed", writer.getTragicException());
      }
      return null;
    });
  }

  @Override
  public Future<Void> close() {
    if (timers != null) {
      timers.cancelTimer(committing);
      timers.cancelTimer(refreshing);
    }
    // Closing the writer commits what is left.
    return this.<Void>blocking(() -> {
      try (directory; analyzer) {
        if (writer.isOpen()) {
          writeRevs();
        }
        searchers.close();
        if (writer.isOpen()) {
          writer.close();
        }
      }
      return null;
    }).eventually(() -> worker.close());
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return worker.executeBlocking(work);
  }

  /** Every word must match, a "quoted phrase" as a phrase; no other operator exists. */
  private SimpleQueryParser parser() {
    SimpleQueryParser parser = new SimpleQueryParser(analyzer, Map.of(TEXT, 1f),
        SimpleQueryParser.PHRASE_OPERATOR | SimpleQueryParser.WHITESPACE_OPERATOR);
    parser.setDefaultOperator(BooleanClause.Occur.MUST);
    return parser;
  }

  /** Makes every write so far searchable; what was remembered of them is then in the searcher. */
  private void refresh() throws IOException {
    searchers.maybeRefreshBlocking();
    unrefreshed.clear();
  }

  /** Documents the writer holds in memory, not yet flushed to a segment. */
  int bufferedDocs() {
    return writer.numRamDocs();
  }

  /** Makes what was written since the last refresh searchable, if anything was. */
  private Future<Void> refreshWritten() {
    return blocking(() -> {
      if (writer.isOpen() && !unrefreshed.isEmpty()) {
        refresh();
      }
      return null;
    });
  }

  private void refreshIfFull() throws IOException {
    if (unrefreshed.size() >= UNREFRESHED_MAX) {
      refresh();
    }
  }

  /**
   * Writes the document of each room whose rev was recorded since the last commit, unless a higher rev is
   * written already; called just before a commit, so the revs go with the messages indexed before them.
   */
  private void writeRevs() throws IOException {
    refresh();
    IndexSearcher searcher = searchers.acquire();
    try {
      for (Map.Entry<String, Long> rev : unwrittenRevs.entrySet()) {
        Long recorded = roomRevs.rev(searcher, rev.getKey());
        if (recorded == null || rev.getValue() > recorded) {
          Document document = new Document();
          document.add(new StringField(KIND, ROOM_REV, Field.Store.NO));
          document.add(new StringField(REV_ROOM, rev.getKey(), Field.Store.YES));
          document.add(new StoredField(REV, rev.getValue()));
          writer.updateDocument(new Term(REV_ROOM, rev.getKey()), document);
        }
      }
    } finally {
      searchers.release(searcher);
    }
    unwrittenRevs.clear();
  }

  private static Document document(JsonObject message) {
    Document document = new Document();
    String id = message.getString(ID);
    long ts = message.getLong(TS, 0L);
    document.add(new StringField(KIND, MESSAGE, Field.Store.NO));
    document.add(new StringField(ID, id, Field.Store.YES));
    document.add(new StringField(ROOM, message.getString(ROOM), Field.Store.YES));
    document.add(new StoredField(REV, message.getLong(REV)));
    document.add(new StoredField(TS, ts));
    document.add(new NumericDocValuesField(TS, ts));
    document.add(new SortedDocValuesField(ORDER_ID, new BytesRef(id)));
    String text = message.getString(TEXT);
    if (!message.getBoolean("deleted", false) && text != null) {
      document.add(new Field(TEXT, text, TEXT_WITH_OFFSETS));
    }
    return document;
  }

  /** Offsets in the postings: the highlighter finds the matches without analysing the text again. */
  private static FieldType textWithOffsets() {
    FieldType type = new FieldType(TextField.TYPE_STORED);
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    type.freeze();
    return type;
  }

  /** Each passage as the text's own characters: no markup added, none escaped. */
  private static final class PlainPassages extends PassageFormatter {
    @Override
    public Object format(Passage[] passages, String content) {
      return Arrays.stream(passages).map(passage -> content.substring(passage.getStartOffset(), passage.getEndOffset()).strip())
          .filter(piece -> !piece.isEmpty()).toList();
    }
  }
}

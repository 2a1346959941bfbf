package io.confab.search;

import io.confab.contract.ConfigKeys;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.JsonpDeserializer;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch._types.query_dsl.Operator;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.search.BuiltinHighlighterType;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.indices.IndexSettings;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine for a cluster: an OpenSearch reached at {@code --search-uri}, through the async
 * opensearch-java client (Apache HttpClient 5), whose CompletableFutures come back on the caller's
 * Vert.x context.
 *
 * <p>Two indexes, created on first use with the definitions beside this class: {@value #MESSAGES}, one
 * document per message ({@code _id} = message id), and {@value #ROOM_REVS}, one per room with its indexed
 * rev. Both are written with {@code version_type=external} and the rev as the version, so OpenSearch
 * itself keeps the newer state: an older rev (or the same one again) is refused as a version conflict,
 * which is ignored. That makes indexing order-free and lets several search instances index the same
 * changes at once. A deleted message stays as a document without text (a tombstone that keeps its rev, so
 * an older state given later cannot bring it back). Writes wait for the next refresh (every second) before
 * they are acknowledged, so what {@link #index} acknowledged is searchable, well within the contract's 5 s.
 *
 * <p>Analysis needs no plugin: the standard tokenizer (Unicode word breaks), widths, case and accents
 * folded ({@code cjk_width}, {@code lowercase}, {@code asciifolding}), and CJK bigrams, as in the Lucene
 * engine. The query is OpenSearch's {@code simple_query_string} limited to whitespace and phrases, every
 * word required: the same parser the Lucene engine uses.
 */
public final class OpenSearchEngine implements SearchEngine {

  private static final Logger LOG = LoggerFactory.getLogger(OpenSearchEngine.class);

  static final String MESSAGES = "confab-messages";
  static final String ROOM_REVS = "confab-room-revs";
  private static final String ID = "id";
  private static final String ROOM = "room";
  private static final String TS = "ts";
  private static final String TEXT = "text";
  /** An older or equal rev refused: the index already holds this state or a newer one. */
  private static final String VERSION_CONFLICT = "version_conflict_engine_exception";
  private static final int HIGHLIGHT_LENGTH = 120;
  private static final int HIGHLIGHTS_MAX = 2;
  private static final int REVS_PAGE = 1000;
  private static final List<SortOptions> NEWEST_FIRST = List.of(
      SortOptions.of(sort -> sort.field(field -> field.field(TS).order(SortOrder.Desc))),
      SortOptions.of(sort -> sort.field(field -> field.field(ID).order(SortOrder.Desc))));
  private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(3);
  private static final Timeout RESPONSE_TIMEOUT = Timeout.ofSeconds(30);

  /** A message as indexed; {@code text} is null for a deleted one. */
  record MessageDocument(String id, String room, long rev, long ts, String text) {
  }

  /** What a search reads back of a message. */
  record Found(String id, String room, long ts) {
  }

  record RoomRev(String room, long rev) {
  }

  private final Context context;
  private final OpenSearchTransport transport;
  private final OpenSearchAsyncClient client;
  private Future<Void> indexes;

  private OpenSearchEngine(Vertx vertx, OpenSearchTransport transport) {
    this.context = vertx.getOrCreateContext();
    this.transport = transport;
    this.client = new OpenSearchAsyncClient(transport);
  }

  /**
   * An engine on the cluster at {@code uri} ({@code http(s)://[user:password@]host:port}). It opens even
   * while the cluster is down: every call then fails (the verticle answers 503) until it is back, and the
   * indexes are created by the first call that reaches it.
   */
  public static Future<SearchEngine> open(Vertx vertx, String uri) {
    try {
      return Future.succeededFuture(new OpenSearchEngine(vertx, transport(checkUri(uri))));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * The search URI as {@link #open} takes it, or IllegalArgumentException saying why not (without the
   * URI itself, which may hold a password): the launcher checks it before anything starts.
   */
  public static URI checkUri(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--" + ConfigKeys.SEARCH_URI + " is not a URI: " + e.getReason());
    }
    if (parsed.getHost() == null || !("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))) {
      throw new IllegalArgumentException("--" + ConfigKeys.SEARCH_URI + " must be http(s)://[user:password@]host:port");
    }
    return parsed;
  }

  @Override
  public Future<Void> index(List<JsonObject> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> operations = messages.stream().map(message -> versioned(MESSAGES, message.getString(ID),
        message.getLong("rev"), document(message))).toList();
    return ready().compose(v -> write(operations));
  }

  @Override
  public Future<List<SearchHit>> search(SearchQuery query) {
    if (query.rooms().isEmpty() || query.limit() <= 0) {
      return Future.succeededFuture(List.of());
    }
    List<FieldValue> rooms = query.rooms().stream().map(FieldValue::of).toList();
    SearchRequest request = SearchRequest.of(search -> {
      search.index(MESSAGES)
          .size(query.limit())
          .trackTotalHits(total -> total.enabled(false))
          .query(q -> q.bool(bool -> bool
              .must(words -> words.simpleQueryString(simple -> simple.query(query.text()).fields(TEXT)
                  .defaultOperator(Operator.And).flags(flags -> flags.multiple("WHITESPACE|PHRASE"))))
              .filter(filter -> filter.terms(terms -> terms.field(ROOM).terms(values -> values.value(rooms))))))
          .sort(NEWEST_FIRST)
          .source(source -> source.filter(filter -> filter.includes(ID, ROOM, TS)))
          .highlight(highlight -> highlight.fields(TEXT, field -> field
              .type(type -> type.builtin(BuiltinHighlighterType.Unified))
              // No tags: the pieces are the text's own characters, never markup.
              .preTags("").postTags("")
              .fragmentSize(HIGHLIGHT_LENGTH).numberOfFragments(HIGHLIGHTS_MAX).noMatchSize(0)));
      if (query.after() != null) {
        search.searchAfter(FieldValue.of(query.after().ts()), FieldValue.of(query.after().id()));
      }
      return search;
    });
    return ready()
        .compose(v -> call(() -> client.search(request, Found.class)))
        .map(response -> response.hits().hits().stream().map(OpenSearchEngine::hit).toList());
  }

  @Override
  public Future<Map<String, Long>> indexedRevs() {
    return ready().compose(v -> revsAfter(null, new HashMap<>()));
  }

  @Override
  public Future<Void> recordRevs(Map<String, Long> revs) {
    if (revs.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> operations = revs.entrySet().stream()
        .map(rev -> versioned(ROOM_REVS, rev.getKey(), rev.getValue(), new RoomRev(rev.getKey(), rev.getValue()))).toList();
    return ready().compose(v -> write(operations));
  }

  /**
   * Deletes both indexes and creates them again: deleting the documents instead would leave their
   * versions behind for a while (index.gc_deletes), and the rebuild's first writes would be refused.
   */
  @Override
  public Future<Void> clear() {
    return call(() -> client.indices().delete(delete -> delete.index(MESSAGES, ROOM_REVS).ignoreUnavailable(true)))
        .compose(deleted -> {
          synchronized (this) {
            indexes = null;
          }
          return ready();
        });
  }

  @Override
  public Future<Void> check() {
    return ready()
        .compose(v -> call(() -> client.cluster().health(health -> health.index(MESSAGES, ROOM_REVS))))
        .compose(health -> health.status() == HealthStatus.Red
            ? Future.failedFuture(new IllegalStateException("the search indexes are red"))
            : Future.succeededFuture());
  }

  /**
   * Closes the client off any Vert.x thread and without the engine's context: the caller may close Vert.x
   * next, and a completion dispatched to its stopped event loop would never arrive.
   */
  @Override
  public Future<Void> close() {
    return Future.fromCompletionStage(CompletableFuture.runAsync(() -> {
      try {
        transport.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }));
  }

  /** Creates the indexes once; a failed attempt (cluster down) is tried again by the next call. */
  private synchronized Future<Void> ready() {
    if (indexes == null || indexes.failed()) {
      indexes = create(MESSAGES, "opensearch-messages.json")
          .compose(v -> create(ROOM_REVS, "opensearch-room-revs.json"))
          .onFailure(failure -> LOG.atWarn().setMessage("search.opensearch.unavailable")
              .addKeyValue("error", String.valueOf(failure.getMessage())).log());
    }
    return indexes;
  }

  private Future<Void> create(String index, String definition) {
    JsonObject body = definition(definition);
    JsonpMapper mapper = transport.jsonpMapper();
    IndexSettings settings = parse(IndexSettings._DESERIALIZER, body.getJsonObject("settings"), mapper);
    TypeMapping mappings = parse(TypeMapping._DESERIALIZER, body.getJsonObject("mappings"), mapper);
    return call(() -> client.indices().create(create -> create.index(index).settings(settings).mappings(mappings)))
        .<Void>mapEmpty()
        // Another instance created it first: the same definition.
        .recover(failure -> isError(failure, "resource_already_exists_exception") ? Future.succeededFuture() : Future.failedFuture(failure));
  }

  private Future<Map<String, Long>> revsAfter(String after, Map<String, Long> revs) {
    SearchRequest request = SearchRequest.of(search -> {
      search.index(ROOM_REVS).size(REVS_PAGE).sort(sort -> sort.field(field -> field.field(ROOM).order(SortOrder.Asc)));
      if (after != null) {
        search.searchAfter(FieldValue.of(after));
      }
      return search;
    });
    return call(() -> client.search(request, RoomRev.class)).compose(response -> {
      List<Hit<RoomRev>> hits = response.hits().hits();
      hits.forEach(hit -> revs.put(hit.source().room(), hit.source().rev()));
      return hits.size() < REVS_PAGE ? Future.succeededFuture(revs) : revsAfter(hits.get(hits.size() - 1).source().room(), revs);
    });
  }

  /** One bulk write, acknowledged once searchable; version conflicts are the older states refused. */
  private Future<Void> write(List<BulkOperation> operations) {
    return call(() -> client.bulk(bulk -> bulk.operations(operations).refresh(Refresh.WaitFor)))
        .compose(OpenSearchEngine::unlessRefused);
  }

  private static Future<Void> unlessRefused(BulkResponse response) {
    if (!response.errors()) {
      return Future.succeededFuture();
    }
    for (BulkResponseItem item : response.items()) {
      if (item.error() != null && !VERSION_CONFLICT.equals(item.error().type())) {
        LOG.atWarn().setMessage("search.opensearch.refused").addKeyValue("index", item.index()).addKeyValue("id", item.id())
            .addKeyValue("type", item.error().type()).addKeyValue("reason", item.error().reason()).log();
        return Future.failedFuture(new IllegalStateException(item.error().type() + ": " + item.error().reason()));
      }
    }
    return Future.succeededFuture();
  }

  private static BulkOperation versioned(String index, String id, long version, Object document) {
    return BulkOperation.of(operation -> operation.index(write -> write.index(index).id(id)
        .version(version).versionType(VersionType.External).document(document)));
  }

  private static MessageDocument document(JsonObject message) {
    String text = message.getBoolean("deleted", false) ? null : message.getString(TEXT);
    return new MessageDocument(message.getString(ID), message.getString(ROOM), message.getLong("rev"), message.getLong(TS, 0L), text);
  }

  private static SearchHit hit(Hit<Found> hit) {
    List<String> pieces = hit.highlight().getOrDefault(TEXT, List.of()).stream().map(String::strip)
        .filter(piece -> !piece.isEmpty()).toList();
    return new SearchHit(hit.source().id(), hit.source().room(), hit.source().ts(), pieces);
  }

  /** The client's CompletableFuture as a Vert.x Future completed on this engine's context. */
  private <T> Future<T> call(Request<T> request) {
    try {
      return Future.fromCompletionStage(request.send(), context)
          .recover(failure -> Future.failedFuture(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure));
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @FunctionalInterface
  private interface Request<T> {
    CompletableFuture<T> send() throws IOException;
  }

  private static boolean isError(Throwable failure, String type) {
    return failure instanceof OpenSearchException error && type.equals(error.error().type());
  }

  private static OpenSearchTransport transport(URI uri) {
    HttpHost host = new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort() < 0 ? 9200 : uri.getPort());
    ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(host)
        .setMapper(new JacksonJsonpMapper())
        .setConnectionConfigCallback(connection -> connection.setConnectTimeout(CONNECT_TIMEOUT).setSocketTimeout(RESPONSE_TIMEOUT))
        .setRequestConfigCallback(request -> request.setResponseTimeout(RESPONSE_TIMEOUT));
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
      String password = colon < 0 ? "" : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
      BasicCredentialsProvider credentials = new BasicCredentialsProvider();
      credentials.setCredentials(new AuthScope(host), new UsernamePasswordCredentials(user, password.toCharArray()));
      builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
    }
    return builder.build();
  }

  private static JsonObject definition(String resource) {
    try (InputStream in = OpenSearchEngine.class.getResourceAsStream(resource)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T parse(JsonpDeserializer<T> deserializer, JsonObject json, JsonpMapper mapper) {
    try (JsonParser parser = mapper.jsonProvider().createParser(new StringReader(json.encode()))) {
      return deserializer.deserialize(parser, mapper);
    }
  }
}

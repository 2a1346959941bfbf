package io.confab.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lookup against an index whose segments are never merged: a replaced state stays behind as a deleted document. */
class RevLookupTest {

  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private final RevLookup lookup = new RevLookup("id", "rev");

  RevLookupTest() throws IOException {
    writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()).setMergePolicy(NoMergePolicy.INSTANCE));
  }

  @AfterEach
  void close() throws IOException {
    writer.close();
    directory.close();
  }

  @Test
  void theLiveStateIsFoundPastADeletedOneInAnOlderSegment() throws IOException {
    put("a", 1);
    put("b", 2);
    writer.flush();
    put("a", 3);
    writer.flush();

    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      assertThat(reader.leaves()).hasSize(2);
      assertThat(lookup.rev(new IndexSearcher(reader), "a")).isEqualTo(3L);
    }
  }

  @Test
  void aKeyNoLiveDocumentHoldsHasNoRev() throws IOException {
    put("a", 1);
    writer.flush();
    writer.deleteDocuments(new Term("id", "a"));
    put("b", 2);

    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      assertThat(lookup.rev(searcher, "a")).isNull();
      assertThat(lookup.rev(searcher, "c")).isNull();
      assertThat(lookup.rev(searcher, "b")).isEqualTo(2L);
    }
  }

  @Test
  void aNewSearcherIsLookedUpInItsOwnSegments() throws IOException {
    put("a", 1);
    try (DirectoryReader first = DirectoryReader.open(writer)) {
      assertThat(lookup.rev(new IndexSearcher(first), "a")).isEqualTo(1L);
    }
    put("a", 2);
    put("b", 5);

    try (DirectoryReader second = DirectoryReader.open(writer)) {
      IndexSearcher searcher = new IndexSearcher(second);
      assertThat(lookup.rev(searcher, "a")).isEqualTo(2L);
      assertThat(lookup.rev(searcher, "b")).isEqualTo(5L);
    }
  }

  private void put(String id, long rev) throws IOException {
    Document document = new Document();
    document.add(new StringField("id", id, Field.Store.YES));
    document.add(new StoredField("rev", rev));
    writer.updateDocument(new Term("id", id), document);
  }
}

package io.confab.search;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Messages' words, the same at index and query time: Unicode word breaks (StandardTokenizer, UAX #29),
 * case, accents and widths folded (ICU), and Chinese, Japanese and Korean runs cut into overlapping
 * pairs of characters (CJK bigrams), so that a two-character word is found inside a sentence written
 * without spaces. No stop words: "the who" is a search too. Apostrophes separate words (UAX #29 keeps
 * "l'Engine" and "Babbage's" whole, so "engine" and "Babbage" would not find them).
 */
final class MessageAnalyzer extends Analyzer {

  private static final NormalizeCharMap APOSTROPHES = apostrophes();

  @Override
  protected Reader initReader(String fieldName, Reader reader) {
    return new MappingCharFilter(APOSTROPHES, reader);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer words = new StandardTokenizer();
    TokenStream folded = new ICUFoldingFilter(words);
    return new TokenStreamComponents(words, new CJKBigramFilter(folded));
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new ICUFoldingFilter(in);
  }

  private static NormalizeCharMap apostrophes() {
    NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
    map.add("'", " ");
    map.add("\u2019", " ");
    return map.build();
  }
}

package io.confab.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Messages' words, the same at index and query time: Unicode word breaks (StandardTokenizer, UAX #29),
 * case, accents and widths folded (ICU), and Chinese, Japanese and Korean runs cut into overlapping
 * pairs of characters (CJK bigrams), so that a two-character word is found inside a sentence written
 * without spaces. No stop words: "the who" is a search too.
 */
final class MessageAnalyzer extends Analyzer {

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
}

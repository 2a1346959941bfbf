package io.confab.chat;

import io.confab.contract.Limits;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;

/**
 * The links of a message's text as CommonMark reads it (commonmark-java with its autolink extension):
 * inline links, {@code <autolinks>} and bare URLs, none inside code. Only {@code http} and {@code https}.
 */
final class Links {

  private static final Parser PARSER = Parser.builder().extensions(List.of(AutolinkExtension.create())).build();

  /** The first {@link Limits#PREVIEW_LINKS_MAX} distinct http/https links of {@code text}, in order. */
  static List<String> previewed(String text) {
    if (text == null || !mayLink(text)) {
      return List.of();
    }
    Set<String> links = new LinkedHashSet<>();
    PARSER.parse(text).accept(new AbstractVisitor() {
      @Override
      public void visit(Link link) {
        String destination = link.getDestination();
        String lower = destination.toLowerCase(Locale.ROOT);
        if (links.size() < Limits.PREVIEW_LINKS_MAX && destination.length() <= Limits.PREVIEW_URL_MAX
            && (lower.startsWith("http://") || lower.startsWith("https://"))) {
          links.add(destination);
        }
        visitChildren(link);
      }
    });
    return new ArrayList<>(links);
  }

  /**
   * False when no http/https link can be read in {@code text}, so most messages skip the parse (it ran
   * for every message stored). Such a link has "//" in its destination or is a bare {@code www.} address;
   * the parser may decode either from a backslash escape or an entity, so those characters count too.
   */
  static boolean mayLink(String text) {
    if (text.indexOf('/') >= 0 || text.indexOf('&') >= 0 || text.indexOf('\\') >= 0) {
      return true;
    }
    for (int dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', dot + 1)) {
      if (dot >= 3 && text.regionMatches(true, dot - 3, "www", 0, 3)) {
        return true;
      }
    }
    return false;
  }

  private Links() {
  }
}

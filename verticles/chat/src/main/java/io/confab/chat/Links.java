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
    Set<String> links = new LinkedHashSet<>();
    PARSER.parse(text == null ? "" : text).accept(new AbstractVisitor() {
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

  private Links() {
  }
}

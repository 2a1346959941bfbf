package io.confab.testing;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tally of an attack test class: each test says how many attack cases it tried and, once its
 * assertions passed, how many were refused; after the class one line gives the figures, per kind, as
 * docs/SECURITY.md quotes them: {@code [attacks] BridgeAttacksTest: 12 tried, 12 refused (flood 1/1, ...)}.
 * Register it as a {@code static} field with {@code @RegisterExtension}.
 */
public final class AttackReport implements AfterAllCallback {

  private static final Logger LOG = LoggerFactory.getLogger(AttackReport.class);

  private final Map<String, int[]> kinds = new TreeMap<>();

  /** {@code count} cases of {@code kind} about to be tried. */
  public synchronized void tried(String kind, int count) {
    kinds.computeIfAbsent(kind, k -> new int[2])[0] += count;
  }

  /** {@code count} cases of {@code kind} shown refused (call it after the assertions). */
  public synchronized void refused(String kind, int count) {
    kinds.computeIfAbsent(kind, k -> new int[2])[1] += count;
  }

  /** One case of {@code kind}: tried now, refused when {@code attack} returns without failing. */
  public void attack(String kind, Runnable attack) {
    tried(kind, 1);
    attack.run();
    refused(kind, 1);
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    int tried = kinds.values().stream().mapToInt(counts -> counts[0]).sum();
    int refused = kinds.values().stream().mapToInt(counts -> counts[1]).sum();
    StringBuilder line = new StringBuilder("[attacks] ").append(context.getRequiredTestClass().getSimpleName())
        .append(": ").append(tried).append(" tried, ").append(refused).append(" refused (");
    kinds.forEach((kind, counts) -> line.append(kind).append(' ').append(counts[1]).append('/').append(counts[0]).append(", "));
    line.setLength(line.length() - (kinds.isEmpty() ? 0 : 2));
    // One log event whose message is the line docs/SECURITY.md quotes, found with grep -o '\[attacks\] [^"]*'.
    LOG.info(line.append(")").toString());
  }
}

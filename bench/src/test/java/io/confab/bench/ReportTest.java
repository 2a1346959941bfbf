package io.confab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** results.md: what a reader sees of the waits for a quiet target and of the warm-ups. */
class ReportTest {

  private static final Quiet.Wait QUIET = new Quiet.Wait(Duration.ofMillis(2_400), true);
  private static final Quiet.Wait BUSY = new Quiet.Wait(Quiet.LIMIT, false);

  private static Workloads.Result phase(String workload, Phase.Tally tally, Map<String, Long> errors, Quiet.Wait wait) {
    return new Workloads.Result(workload, 400, 1.0, tally, errors, new Histogram(3), new Histogram(3), 400, 5, wait);
  }

  private static Phase.Tally clean(int messages) {
    return new Phase.Tally(messages, messages, 0, 0, messages, messages, 0, 0);
  }

  private static String render(Workloads.Result... phases) {
    Bench.Row row = new Bench.Row("Confab, one JVM");
    row.phases.addAll(List.of(phases));
    return Report.render(new Options(), List.of(row));
  }

  @Test
  @DisplayName("every phase's row shows how long it waited for a quiet target")
  void everyPhaseShowsItsWaitForAQuietTarget() {
    String md = render(phase("direct step 1", clean(500), Map.of(), QUIET));

    assertThat(md).contains("| quiet after |").containsPattern("\\| direct step 1 \\|.*\\| 2\\.4 s \\|");
  }

  @Test
  @DisplayName("a phase begun on a target that never went quiet is marked in its row and noted under the side-by-side table")
  void aPhaseBegunOnABusyTargetIsNoted() {
    String md = render(phase("direct step 1", clean(500), Map.of(), BUSY));

    assertThat(md).containsPattern("\\| direct step 1 \\|.*\\| 60\\.0 s, \\*\\*not quiet\\*\\* \\|")
        .contains("- **Confab, one JVM: direct step 1 began on a busy target**");
    assertThat(md.indexOf("began on a busy target")).isLessThan(md.indexOf("### Every phase"));
  }

  @Test
  @DisplayName("an incomplete warm-up is a row of its own and noted under the side-by-side table")
  void anIncompleteWarmUpIsVisibleInTheResults() {
    Phase.Tally timedOut = new Phase.Tally(400, 91, 309, 0, 91, 91, 0, 0);

    String md = render(phase(Workloads.WARM_UP + ", direct rooms", timedOut, Map.of("timeout", 309L), QUIET),
        phase("direct step 1", clean(500), Map.of(), QUIET));

    assertThat(md).contains("| **warm-up, direct rooms: incomplete** |")
        .contains("- **Confab, one JVM: warm-up, direct rooms incomplete**: of 400 first messages 91 acknowledged, 309 failed");
    assertThat(md.indexOf("warm-up, direct rooms incomplete")).isLessThan(md.indexOf("### Every phase"));
  }

  @Test
  @DisplayName("a clean warm-up is a row of the phase table and adds no note")
  void aCleanWarmUpAddsNoNote() {
    String md = render(phase(Workloads.WARM_UP + ", direct rooms", clean(400), Map.of(), QUIET));

    assertThat(md).contains("| warm-up, direct rooms |").doesNotContain("incomplete");
  }
}

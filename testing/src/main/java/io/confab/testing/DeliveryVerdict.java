package io.confab.testing;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a room's history read whole says about a {@link ChatTraffic} run, in the contract's terms: seqs
 * 1..n without a gap or a duplicate; every acknowledged message in it exactly once, at the seq and id it
 * was acknowledged with; no clientMsgId acknowledged as two messages; nothing in it that nobody sent;
 * every message sent acknowledged by the end; and every client's timeline (live events and resumes)
 * equal to history. {@link #problems} is empty when all of that holds.
 */
public final class DeliveryVerdict {

  public final List<String> problems = new ArrayList<>();
  public final int historySize;
  public final long maxSeq;
  public final List<Long> gaps = new ArrayList<>();
  public final List<Long> dupSeqs = new ArrayList<>();
  public final List<String> lost = new ArrayList<>();
  public final List<String> dupMessages = new ArrayList<>();
  public final List<String> storedUnacked = new ArrayList<>();
  public final Map<String, String> clientMismatch = new LinkedHashMap<>();
  /** Seqs missing from some client's timeline, and whose. */
  public final Map<Long, List<String>> missingBySeq = new TreeMap<>();
  public final Map<Long, JsonObject> historyBySeq = new TreeMap<>();
  public final long unackedAtEnd;

  public DeliveryVerdict(List<JsonObject> history, ChatTraffic traffic, List<ChatTraffic.ClientView> clients, boolean drained) {
    historySize = history.size();
    Map<Long, Integer> seqCount = new TreeMap<>();
    Map<String, List<JsonObject>> byClientMsgId = new HashMap<>();
    TreeMap<Long, String> truth = new TreeMap<>();
    for (JsonObject m : history) {
      long seq = m.getLong("seq");
      seqCount.merge(seq, 1, Integer::sum);
      truth.put(seq, m.getString("id"));
      historyBySeq.put(seq, m);
      byClientMsgId.computeIfAbsent(m.getString("clientMsgId"), k -> new ArrayList<>()).add(m);
    }
    maxSeq = truth.isEmpty() ? 0 : truth.lastKey();
    for (long s = 1; s <= maxSeq; s++) {
      Integer n = seqCount.get(s);
      if (n == null) {
        gaps.add(s);
      } else if (n > 1) {
        dupSeqs.add(s);
      }
    }
    Map<String, Long> sent = traffic.sent();
    Map<String, ChatTraffic.Ack> acks = new LinkedHashMap<>();
    traffic.acks().forEach(ack -> acks.put(ack.clientMsgId(), ack));
    List<String> ackConflicts = traffic.ackConflicts();
    List<String> movedSeq = new ArrayList<>();
    for (ChatTraffic.Ack ack : acks.values()) {
      List<JsonObject> found = byClientMsgId.getOrDefault(ack.clientMsgId(), List.of());
      if (found.isEmpty()) {
        lost.add(ack.clientMsgId() + " (acked seq " + ack.seq() + " at " + ChatTraffic.secs(ack.atMs()) + " s)");
      } else if (found.size() > 1) {
        dupMessages.add(ack.clientMsgId() + " at seqs " + found.stream().map(m -> m.getLong("seq")).toList());
      } else if (found.get(0).getLong("seq") != ack.seq() || !found.get(0).getString("id").equals(ack.id())) {
        movedSeq.add(ack.clientMsgId() + " acked seq " + ack.seq() + ", history seq " + found.get(0).getLong("seq"));
      }
    }
    List<String> foreign = new ArrayList<>();
    byClientMsgId.forEach((clientMsgId, found) -> {
      if (!sent.containsKey(clientMsgId)) {
        foreign.add(clientMsgId);
      } else if (!acks.containsKey(clientMsgId)) {
        storedUnacked.add(clientMsgId + " (seq " + found.get(0).getLong("seq") + ")");
      }
    });
    unackedAtEnd = sent.keySet().stream().filter(id -> !acks.containsKey(id)).count();
    for (ChatTraffic.ClientView client : clients) {
      TreeMap<Long, String> timeline = client.timeline;
      List<Long> missing = truth.keySet().stream().filter(s -> !timeline.containsKey(s)).toList();
      List<Long> extra = timeline.keySet().stream().filter(s -> !truth.containsKey(s)).toList();
      List<Long> different = timeline.entrySet().stream()
          .filter(e -> truth.containsKey(e.getKey()) && !truth.get(e.getKey()).equals(e.getValue())).map(Map.Entry::getKey).toList();
      if (!missing.isEmpty() || !extra.isEmpty() || !different.isEmpty()) {
        clientMismatch.put(client.name, "missing seqs " + missing + ", extra " + extra + ", different " + different);
      }
      missing.forEach(s -> missingBySeq.computeIfAbsent(s, k -> new ArrayList<>()).add(client.name));
      if (!client.conflicts.isEmpty()) {
        clientMismatch.merge(client.name, "conflicts " + client.conflicts, (a, b) -> a + "; " + b);
      }
    }

    check(gaps.isEmpty(), "seq gaps in history: " + gaps);
    check(dupSeqs.isEmpty(), "duplicate seqs in history: " + dupSeqs);
    check(lost.isEmpty(), "acknowledged but not in history: " + lost);
    check(dupMessages.isEmpty(), "acknowledged message stored more than once: " + dupMessages);
    check(movedSeq.isEmpty(), "acknowledged seq differs from history: " + movedSeq);
    check(ackConflicts.isEmpty(), "one clientMsgId acknowledged with two different messages: " + ackConflicts);
    check(foreign.isEmpty(), "messages in history nobody sent: " + foreign);
    check(clientMismatch.isEmpty(), "client timelines differ from history: " + clientMismatch);
    check(drained && unackedAtEnd == 0, unackedAtEnd + " messages never acknowledged (outboxes drained: " + drained + ")");
    check(maxSeq == historySize, "history size " + historySize + " but max seq " + maxSeq);
  }

  public boolean pass() {
    return problems.isEmpty();
  }

  /** Adds a problem unless {@code ok}: the caller's own conditions join the verdict. */
  public void check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }
}

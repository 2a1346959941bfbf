package io.confab.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Watches a node's logs while a test runs: Vert.x's blocked-thread warnings (an event loop or worker held
 * too long while waiting) and the platform's own "something unexpected" errors ({@code request.failed},
 * {@code http.failure}, {@code bridge.event.failed}), which a client only ever sees as {@code internal};
 * and every other line that carries a stack trace (a client's mistake never should).
 */
final class LogWatch extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  /** Vert.x 5 keeps the Vert.x 4 logger name for its checker. */
  static final String BLOCKED_THREAD_CHECKER = "io.vertx.core.impl.BlockedThreadChecker";
  private static final Set<String> UNEXPECTED = Set.of("request.failed", "http.failure", "bridge.event.failed");
  /** Where a thread that waits is caught: sleeping, parked, in wait(), or in a socket's or a file's native I/O. */
  private static final List<String> WAITS = List.of("java.lang.Thread", "java.lang.Object", "jdk.internal.misc.Unsafe",
      "sun.nio.ch.", "java.net.", "java.io.", "sun.nio.fs.");

  private final List<String> blocked = new CopyOnWriteArrayList<>();
  private final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final List<String> traced = new CopyOnWriteArrayList<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  LogWatch() {
    setName("log-watch");
    setContext(root.getLoggerContext());
    start();
    root.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (BLOCKED_THREAD_CHECKER.equals(event.getLoggerName()) && event.getLevel().isGreaterOrEqual(Level.WARN)) {
      if (waiting(event)) {
        blocked.add(event.getFormattedMessage() + where(event));
      }
    } else if (event.getLevel().isGreaterOrEqual(Level.ERROR) && UNEXPECTED.contains(event.getMessage())) {
      unexpected.add(event.getLoggerName() + " " + event.getMessage() + " " + event.getKeyValuePairs()
          + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage()));
    } else if (event.getThrowableProxy() != null) {
      traced.add(event.getLoggerName() + " " + event.getMessage() + " " + event.getThrowableProxy().getClassName() + ": "
          + event.getThrowableProxy().getMessage());
    }
  }

  /**
   * Whether the checker caught the thread waiting (asleep, parked, in a socket or file read), the blocking this
   * watch is for, and not loading a class on its first use. A thread caught working is only slow: on a busy
   * two-core machine any work can outlast the checker's second, and a test does not judge speed.
   */
  private static boolean waiting(ILoggingEvent event) {
    if (event.getThrowableProxy() == null) {
      return true;
    }
    List<StackTraceElement> stack = java.util.Arrays.stream(event.getThrowableProxy().getStackTraceElementProxyArray())
        .map(frame -> frame.getStackTraceElement()).toList();
    boolean loadingAClass = stack.stream().anyMatch(frame -> "java.lang.ClassLoader".equals(frame.getClassName())
        && "loadClass".equals(frame.getMethodName()));
    return !loadingAClass && !stack.isEmpty() && WAITS.stream().anyMatch(stack.get(0).getClassName()::startsWith);
  }

  /** The first frames of the blocked thread's stack, when the checker gave one. */
  private static String where(ILoggingEvent event) {
    if (event.getThrowableProxy() == null) {
      return "";
    }
    return java.util.Arrays.stream(event.getThrowableProxy().getStackTraceElementProxyArray()).limit(25)
        .map(frame -> "\n    " + frame.getSTEAsString()).collect(java.util.stream.Collectors.joining());
  }

  /** Each warning of the blocked-thread checker so far. */
  List<String> blockedThreads() {
    return List.copyOf(blocked);
  }

  /** Each failure the platform did not expect (answered {@code internal}) so far. */
  List<String> unexpectedFailures() {
    return List.copyOf(unexpected);
  }

  /** Each other line logged with a stack trace so far. */
  List<String> stackTraces() {
    return List.copyOf(traced);
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}

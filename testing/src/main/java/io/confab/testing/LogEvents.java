package io.confab.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The events one class logs while a test runs, read by their name and key-values: what a test waits for when
 * the event is the only sign of what happened (a duplicate skipped, a job kept). Close it to stop listening.
 */
public final class LogEvents implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  private LogEvents(Class<?> source) {
    logger = (Logger) LoggerFactory.getLogger(source);
    events.start();
    logger.addAppender(events);
  }

  /** Starts listening to what {@code source} logs. */
  public static LogEvents of(Class<?> source) {
    return new LogEvents(source);
  }

  /** The key-values of the first event named {@code message} whose {@code key} is {@code value}. */
  public Optional<Map<String, String>> first(String message, String key, String value) {
    synchronized (events) { // AppenderBase appends under the appender's lock
      return events.list.stream().filter(event -> message.equals(event.getMessage())).map(LogEvents::fields)
          .filter(fields -> value.equals(fields.get(key))).findFirst();
    }
  }

  private static Map<String, String> fields(ILoggingEvent event) {
    Map<String, String> fields = new HashMap<>();
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(pair -> fields.put(pair.key, String.valueOf(pair.value)));
    }
    return fields;
  }

  @Override
  public void close() {
    logger.detachAppender(events);
    events.stop();
  }
}

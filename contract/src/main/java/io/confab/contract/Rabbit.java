package io.confab.contract;

/** The contract's RabbitMQ boundary: exchanges, routing keys and queues, with the contract's names. */
public final class Rabbit {

  public static final String MAIL_EXCHANGE = "confab.mail";
  public static final String MAIL_ROUTING_KEY = "send";
  public static final String MAIL_QUEUE = "confab.mail.send";

  public static final String TRANSLATE_EXCHANGE = "confab.translate";
  public static final String TRANSLATE_ROUTING_KEY = "request";
  public static final String TRANSLATE_QUEUE = "confab.translate.requests";

  public static final String DEAD_LETTER_EXCHANGE = "confab.dlx";
  public static final String DEAD_LETTER_QUEUE = "confab.dead";

  /** A message that fails this many times goes to the dead-letter exchange. */
  public static final int MAX_DELIVERY_FAILURES = 5;

  private Rabbit() {
  }
}

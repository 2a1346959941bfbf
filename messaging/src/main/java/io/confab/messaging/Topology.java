package io.confab.messaging;

import io.confab.contract.Rabbit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;

/**
 * The contract's RabbitMQ topology, declared idempotently by each side for what it uses (the publisher
 * and the worker of mail both declare the mail part, so neither depends on the other having started).
 *
 * <pre>
 * confab.mail      (direct, durable) --send-->    confab.mail.send          (quorum) --dead letters--> confab.dlx
 * confab.translate (direct, durable) --request--> confab.translate.requests (quorum) --dead letters--> confab.dlx
 * confab.dlx       (fanout, durable) -----------> confab.dead               (quorum)
 * </pre>
 *
 * <p>Work queues are quorum queues: they count every failed delivery themselves (a nack with requeue, or
 * a consumer that dies holding the message) and dead-letter the message once the count passes
 * {@code x-delivery-limit}. Measured on RabbitMQ 3.10.8: with {@code x-delivery-limit = N} a message is
 * delivered N + 1 times and dead-lettered at its (N + 1)th failure, so {@link #DELIVERY_LIMIT} is
 * {@link Rabbit#MAX_DELIVERY_FAILURES} minus one ({@code TopologyTest} checks that five failures, not
 * four or six, dead-letter). The dead-letter exchange is a fanout, so {@code confab.dead} receives every
 * routing key; dead letters keep their original routing key and carry the broker's {@code x-death} header.
 */
public final class Topology {

  public static final String DIRECT = "direct";
  public static final String FANOUT = "fanout";

  /** {@code x-delivery-limit}: the broker dead-letters at the failure after this many, the fifth. */
  public static final int DELIVERY_LIMIT = Rabbit.MAX_DELIVERY_FAILURES - 1;

  /** The mail boundary: {@code confab.mail} → {@code confab.mail.send}, with the dead letters. */
  public static Future<Void> declareMail(RabbitMQClient client) {
    return declareDeadLetters(client)
        .compose(v -> declareWorkQueue(client, Rabbit.MAIL_EXCHANGE, Rabbit.MAIL_QUEUE, Rabbit.MAIL_ROUTING_KEY));
  }

  /** The translation boundary: {@code confab.translate} → {@code confab.translate.requests}, with the dead letters. */
  public static Future<Void> declareTranslate(RabbitMQClient client) {
    return declareDeadLetters(client)
        .compose(v -> declareWorkQueue(client, Rabbit.TRANSLATE_EXCHANGE, Rabbit.TRANSLATE_QUEUE, Rabbit.TRANSLATE_ROUTING_KEY));
  }

  /** {@code confab.dlx} and {@code confab.dead}, bound for every routing key. */
  public static Future<Void> declareDeadLetters(RabbitMQClient client) {
    return client.exchangeDeclare(Rabbit.DEAD_LETTER_EXCHANGE, FANOUT, true, false)
        .compose(v -> client.queueDeclare(Rabbit.DEAD_LETTER_QUEUE, true, false, false, quorum()))
        .compose(ok -> client.queueBind(Rabbit.DEAD_LETTER_QUEUE, Rabbit.DEAD_LETTER_EXCHANGE, ""));
  }

  /** A durable direct exchange and its work queue: quorum, at most five failed deliveries, then {@code confab.dlx}. */
  public static Future<Void> declareWorkQueue(RabbitMQClient client, String exchange, String queue, String routingKey) {
    return client.exchangeDeclare(exchange, DIRECT, true, false)
        .compose(v -> client.queueDeclare(queue, true, false, false, workQueueArguments()))
        .compose(ok -> client.queueBind(queue, exchange, routingKey));
  }

  /** The arguments of every work queue; declaring a queue again with other arguments is refused by the broker. */
  public static JsonObject workQueueArguments() {
    return quorum()
        .put("x-delivery-limit", DELIVERY_LIMIT)
        .put("x-dead-letter-exchange", Rabbit.DEAD_LETTER_EXCHANGE);
  }

  private static JsonObject quorum() {
    return new JsonObject().put("x-queue-type", "quorum");
  }

  private Topology() {
  }
}

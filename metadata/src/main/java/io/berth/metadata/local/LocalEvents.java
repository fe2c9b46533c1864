package io.berth.metadata.local;

import com.google.protobuf.Any;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.UnknownException;
import io.berth.api.services.events.v1.Envelope;
import io.berth.events.Exchange;
import io.berth.events.Subscription;
import java.util.List;

final class LocalEvents implements Events {

  private final Exchange exchange;

  LocalEvents(Exchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void publish(String namespace, String topic, Any event) {
    exchange.publish(namespace, topic, event);
  }

  @Override
  public void forward(Envelope envelope) {
    exchange.forward(envelope);
  }

  @Override
  public Subscription subscribe(List<String> filters) {
    try {
      return exchange.subscribe(filters);
    } catch (InvalidArgumentException e) {
      throw new UnknownException("subscription error: " + e.getMessage(), e);
    }
  }
}

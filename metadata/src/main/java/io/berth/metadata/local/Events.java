package io.berth.metadata.local;

import com.google.protobuf.Any;
import io.berth.api.services.events.v1.Envelope;
import io.berth.events.Subscription;
import java.util.List;

/** containerd's Events service, in-process. */
public interface Events {

  /** Publishes into {@code namespace}, stamped with the current UTC time. */
  void publish(String namespace, String topic, Any event);

  /** Delivers an envelope made elsewhere (a shim) after validating it. */
  void forward(Envelope envelope);

  /**
   * Subscribes to the envelopes of all namespaces matching any filter. An invalid filter is
   * the plain (UNKNOWN) error {@code subscription error: failed parsing subscription filters:
   * …: invalid argument}, as containerd ends the stream with.
   */
  Subscription subscribe(List<String> filters);
}

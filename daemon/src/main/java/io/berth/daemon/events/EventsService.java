package io.berth.daemon.events;

import com.google.protobuf.Empty;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.services.events.v1.EventsGrpc;
import io.berth.api.services.events.v1.ForwardRequest;
import io.berth.api.services.events.v1.PublishRequest;
import io.berth.api.services.events.v1.SubscribeRequest;
import io.berth.daemon.server.RequestNamespace;
import io.berth.events.Subscription;
import io.berth.metadata.local.Events;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code containerd.services.events.v1.Events} over the local {@link Events}. Wired with {@code
 * NamespaceInterceptor.headerOnly()}: Publish checks the namespace itself (its errors carry
 * containerd's {@code failed publishing event} prefix), Forward takes the envelope's, and
 * Subscribe ignores it (a subscriber sees every namespace).
 */
public final class EventsService extends EventsGrpc.EventsImplBase {

  private final Events events;
  private final Set<SubscriberStream> streams = ConcurrentHashMap.newKeySet();

  public EventsService(Events events) {
    this.events = Objects.requireNonNull(events, "events");
  }

  @Override
  public void publish(PublishRequest request, StreamObserver<Empty> out) {
    events.publish(RequestNamespace.header(), request.getTopic(), request.getEvent());
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void forward(ForwardRequest request, StreamObserver<Empty> out) {
    events.forward(request.getEnvelope());
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
  }

  /**
   * Streams matching envelopes until the client cancels, the subscriber falls too far behind
   * (UNAVAILABLE) or the daemon stops (OK). The handler returns at once; a virtual thread
   * delivers, so the call's cancellation and readiness callbacks are never blocked behind it.
   */
  @Override
  public void subscribe(SubscribeRequest request, StreamObserver<Envelope> out) {
    Subscription subscription = events.subscribe(request.getFiltersList());
    SubscriberStream[] self = new SubscriberStream[1];
    SubscriberStream stream = new SubscriberStream(subscription,
        (ServerCallStreamObserver<Envelope>) out, () -> streams.remove(self[0]));
    self[0] = stream;
    streams.add(stream);
    stream.attach();
    Thread.ofVirtual().name("events-subscriber").start(stream::run);
  }

  /** Ends every Subscribe stream normally, for a clean shutdown. */
  public void endStreams() {
    for (SubscriberStream s : streams) {
      s.end();
    }
  }
}

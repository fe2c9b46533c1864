package io.berth.api.client;

import io.grpc.ManagedChannel;
import java.nio.file.Path;

/** {@link DirectChannel}: every call made on its caller's thread. */
class DirectChannelTest extends UnaryChannelContract {

  @Override
  ManagedChannel open(Path socket) {
    return DirectChannel.connect(socket);
  }
}

package io.berth.ctr;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.CanceledException;
import io.berth.api.errors.DeadlineExceededException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.errors.UnavailableException;
import io.berth.api.errors.UnknownException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

  @Test
  void oneCodePerErrorClass() {
    assertThat(ExitCodes.of(new UnknownException("x"))).isEqualTo(1);
    assertThat(ExitCodes.of(new InvalidArgumentException("x"))).isEqualTo(3);
    assertThat(ExitCodes.of(new NotFoundException("x"))).isEqualTo(4);
    assertThat(ExitCodes.of(new AlreadyExistsException("x"))).isEqualTo(5);
    assertThat(ExitCodes.of(new FailedPreconditionException("x"))).isEqualTo(6);
    assertThat(ExitCodes.of(new UnavailableException("x"))).isEqualTo(7);
    assertThat(ExitCodes.of(new NotImplementedException("x"))).isEqualTo(8);
    assertThat(ExitCodes.of(new DeadlineExceededException("x"))).isEqualTo(9);
    assertThat(ExitCodes.of(new CanceledException("x"))).isEqualTo(130);
    assertThat(ExitCodes.of(new DialException("x"))).isEqualTo(7);
    assertThat(ExitCodes.of(new IllegalStateException("x"))).isEqualTo(1);
  }

  @Test
  void grpcStatusesMapThroughTheErrorClasses() {
    var notFound = Status.NOT_FOUND.withDescription("container \"x\" in namespace \"default\": not found").asRuntimeException();
    assertThat(ExitCodes.of(notFound)).isEqualTo(4);
    assertThat(ExitCodes.message(notFound)).isEqualTo("container \"x\" in namespace \"default\": not found");
    var internal = Status.INTERNAL.withDescription("boom").asRuntimeException();
    assertThat(ExitCodes.of(internal)).isEqualTo(1);
    assertThat(ExitCodes.message(internal)).isEqualTo("boom");
  }

  @Test
  void rawStatusesKeepGoWordingAndTheirCode() {
    var raw = new RawStatusException(Status.UNKNOWN.withDescription("subscription error").asRuntimeException());
    assertThat(raw.getMessage()).isEqualTo("rpc error: code = Unknown desc = subscription error");
    assertThat(ExitCodes.of(raw)).isEqualTo(1);
    var unavailable = new RawStatusException(Status.UNAVAILABLE.withDescription("gone").asRuntimeException());
    assertThat(unavailable.getMessage()).isEqualTo("rpc error: code = Unavailable desc = gone");
    assertThat(ExitCodes.of(unavailable)).isEqualTo(7);
  }
}

package io.berth.ctr.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.services.events.v1.SubscribeRequest;
import io.berth.ctr.Berth;
import io.berth.api.errors.UnknownException;
import io.berth.ctr.RawStatusException;
import io.grpc.StatusRuntimeException;
import io.berth.ctr.Session;
import io.berth.ctr.format.CtrText;
import io.berth.ctr.format.JsonRecords;
import io.berth.ctr.format.ProtoGoJson;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth events [filter...]}: subscribes ({@code Events.Subscribe}) and prints every event
 * until the stream ends or the command is interrupted: {@code <time> <namespace> <topic> <json>},
 * as ctr does, or one JSON object per line with {@code --format json}.
 */
@Command(
    name = "events",
    aliases = "event",
    description = "display events (all namespaces; filter with namespace==NAME)")
public final class EventsCommand implements Callable<Integer> {

  @ParentCommand Berth berth;

  @Parameters(paramLabel = "<filter>", arity = "0..*")
  List<String> filters;

  @Override
  public Integer call() {
    Session s = berth.session();
    PrintStream out = berth.io().out();
    SubscribeRequest req =
        SubscribeRequest.newBuilder().addAllFilters(filters == null ? List.of() : filters).build();
    Iterator<Envelope> stream = s.stubs().events().subscribe(req);
    try {
      while (stream.hasNext()) {
        Envelope e = stream.next();
        CtrText.EventText text = CtrText.event(e);
        if (text.warning().isPresent()) {
          s.logWarning("cannot unmarshal an event from Any", text.warning().get());
          continue;
        }
        if (berth.json()) {
          out.print(JsonRecords.line(JsonRecords.EventRecord.of(e, payload(e))));
        } else {
          out.print(text.line().orElseThrow());
        }
        out.flush();
      }
    } catch (StatusRuntimeException e) {
      // ctr prints the stream's status error untranslated
      throw new RawStatusException(e);
    }
    // a stream the server ends cleanly is io.EOF to ctr, and an error
    throw new UnknownException("EOF");
  }

  private static JsonNode payload(Envelope e) {
    if (!e.hasEvent()) {
      return null;
    }
    Optional<Message> m = io.berth.api.anys.Anys.decode(e.getEvent());
    return m.<JsonNode>map(ProtoGoJson::tree).orElse(null);
  }
}

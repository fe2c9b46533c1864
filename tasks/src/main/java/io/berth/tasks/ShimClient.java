package io.berth.tasks;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.GrpcErrors;
import io.berth.api.task.v2.TaskGrpc;
import io.berth.shim.main.ShimAddress;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A gRPC connection to one shim's {@code containerd.task.v2.Task}; failures come back as Berth errors. */
final class ShimClient implements AutoCloseable {
    private static final long CALL_SECONDS = 30;
    private static final long CREATE_SECONDS = 120;

    private final String address;
    private final ManagedChannel channel;
    private final TaskGrpc.TaskBlockingStub stub;

    ShimClient(String address, EventLoopGroup group) {
        this.address = address;
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(ShimAddress.parse(address).toString()))
                .eventLoopGroup(group)
                .channelType(EpollDomainSocketChannel.class)
                .usePlaintext()
                .maxInboundMessageSize(16 << 20)
                .build();
        this.stub = TaskGrpc.newBlockingStub(channel);
    }

    String address() {
        return address;
    }

    /** A call with the usual deadline. */
    <T> T call(Function<TaskGrpc.TaskBlockingStub, T> rpc) {
        return invoke(stub.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS), rpc);
    }

    /** Create: may wait for a cold JVM to set the container up. */
    <T> T callLong(Function<TaskGrpc.TaskBlockingStub, T> rpc) {
        return invoke(stub.withDeadlineAfter(CREATE_SECONDS, TimeUnit.SECONDS), rpc);
    }

    /** Wait: no deadline. */
    <T> T callBlocking(Function<TaskGrpc.TaskBlockingStub, T> rpc) {
        return invoke(stub, rpc);
    }

    private static <T> T invoke(TaskGrpc.TaskBlockingStub s, Function<TaskGrpc.TaskBlockingStub, T> rpc) {
        try {
            return rpc.apply(s);
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    /** Whether an error means the shim could not be reached (it may have died). */
    static boolean unreachable(BerthException e) {
        return e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNAVAILABLE;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}

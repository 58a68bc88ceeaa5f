package dev.wake.collector;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.wake.core.TenantAuth;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * OTLP/gRPC: the TraceService, MetricsService and LogsService. gzip and the size limit are gRPC's
 * own (the server's max inbound message size gives RESOURCE_EXHAUSTED). A bearer token, when
 * required, travels in the {@code authorization} metadata. Refusals carry {@code RetryInfo}.
 */
final class OtlpGrpcReceiver {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> TENANT = Context.key("wake.tenant");

  private final Ingest ingest;
  private final TenantAuth auth;

  OtlpGrpcReceiver(Ingest ingest, TenantAuth auth) {
    this.ingest = ingest;
    this.auth = auth;
  }

  /** The three OTLP services, taking raw bytes so that malformed input is INVALID_ARGUMENT. */
  List<ServerServiceDefinition> services() {
    return List.of(
        service("opentelemetry.proto.collector.trace.v1.TraceService", Signal.TRACES),
        service("opentelemetry.proto.collector.metrics.v1.MetricsService", Signal.METRICS),
        service("opentelemetry.proto.collector.logs.v1.LogsService", Signal.LOGS));
  }

  private ServerServiceDefinition service(String serviceName, Signal signal) {
    MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(serviceName, "Export"))
        .setRequestMarshaller(RawBytes.INSTANCE)
        .setResponseMarshaller(RawBytes.INSTANCE)
        .build();
    return ServerServiceDefinition.builder(serviceName)
        .addMethod(export, ServerCalls.asyncUnaryCall((request, out) -> export(signal, request, out)))
        .build();
  }

  /** Resolves the tenant from the call's metadata, or closes the call UNAUTHENTICATED. */
  ServerInterceptor authInterceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String tenant = auth.tenant(headers.get(AUTHORIZATION));
        if (tenant == null) {
          call.close(Status.UNAUTHENTICATED.withDescription(
              "missing or unknown bearer token: send authorization: Bearer <token>"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(TENANT, tenant), call, headers, next);
      }
    };
  }

  private void export(Signal signal, byte[] request, StreamObserver<byte[]> out) {
    long started = System.nanoTime();
    Split split;
    try {
      split = Ingest.decode(signal, request, false);
    } catch (InvalidOtlpException e) {
      ingest.metrics().refused(signal, "grpc", "malformed", 0);
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    ingest.submit(signal, "grpc", split, request.length, TENANT.get()).whenComplete((done, error) -> {
      if (error == null) {
        out.onNext(Responses.success(signal, done).toByteArray());
        out.onCompleted();
        ingest.metrics().request(signal, "grpc", 0, System.nanoTime() - started);
        return;
      }
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      RefusedException refused = cause instanceof RefusedException r ? r
          : new RefusedException(RefusedException.Reason.UNAVAILABLE, String.valueOf(cause), 5, cause);
      Code code = refused.reason() == RefusedException.Reason.OVERLOADED ? Code.RESOURCE_EXHAUSTED : Code.UNAVAILABLE;
      ingest.metrics().request(signal, "grpc", code.getNumber(), System.nanoTime() - started);
      out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
          .setCode(code.getNumber()).setMessage(refused.getMessage())
          .addDetails(Any.pack(RetryInfo.newBuilder()
              .setRetryDelay(Duration.newBuilder().setSeconds(refused.retryAfterSeconds())).build()))
          .build()));
    });
  }
}

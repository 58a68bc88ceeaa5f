package dev.wake.collector;

import com.google.protobuf.Message;
import dev.wake.core.TenantAuth;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * OTLP/HTTP ({@code POST /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}) per the OTLP
 * specification: {@code application/x-protobuf} or {@code application/json} (the response uses
 * the request's type), optional gzip, a size limit applied after decompression, partial success
 * for invalid items, 400/401/413/415 for bad requests, 429/503 with {@code Retry-After} when the
 * data cannot be made durable now. Success is answered only after Kafka acknowledged everything.
 */
final class OtlpHttpReceiver {
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  private final Ingest ingest;
  private final TenantAuth auth;
  private final int maxRequestBytes;

  OtlpHttpReceiver(Ingest ingest, TenantAuth auth, int maxRequestBytes) {
    this.ingest = ingest;
    this.auth = auth;
    this.maxRequestBytes = maxRequestBytes;
  }

  void handle(Context ctx, Signal signal) {
    long started = System.nanoTime();
    String type = mediaType(ctx.contentType());
    boolean json = JSON.equals(type);
    if (!json && !PROTOBUF.equals(type)) {
      refuse(ctx, signal, false, 415, "unsupported_media_type", 3,
          "Content-Type must be " + PROTOBUF + " or " + JSON + ", got '" + ctx.contentType() + "'");
      return;
    }
    String tenant = auth.tenant(ctx.header("Authorization"));
    if (tenant == null) {
      refuse(ctx, signal, json, 401, "unauthenticated", 16,
          "missing or unknown bearer token: send Authorization: Bearer <token>");
      return;
    }
    byte[] body;
    try {
      body = readBody(ctx);
    } catch (BoundedBody.TooLargeException e) {
      ctx.header("Connection", "close");
      refuse(ctx, signal, json, 413, "too_large", 8, e.getMessage());
      return;
    } catch (UnsupportedEncoding e) {
      refuse(ctx, signal, json, 415, "unsupported_media_type", 3, e.getMessage());
      return;
    } catch (IOException e) {
      refuse(ctx, signal, json, 400, "malformed", 3, "cannot read the request body: " + e.getMessage());
      return;
    }
    Split split;
    try {
      split = Ingest.decode(signal, body, json);
    } catch (InvalidOtlpException e) {
      refuse(ctx, signal, json, 400, "malformed", 3, e.getMessage());
      return;
    }
    ctx.future(() -> ingest.submit(signal, "http", split, body.length, tenant)
        .thenAccept(done -> {
          respond(ctx, json, 200, Responses.success(signal, done));
          ingest.metrics().request(signal, "http", 200, System.nanoTime() - started);
        })
        .exceptionally(error -> {
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          RefusedException refused = cause instanceof RefusedException r ? r
              : new RefusedException(RefusedException.Reason.UNAVAILABLE, String.valueOf(cause), 5, cause);
          boolean overloaded = refused.reason() == RefusedException.Reason.OVERLOADED;
          ctx.header("Retry-After", Integer.toString(refused.retryAfterSeconds()));
          respond(ctx, json, overloaded ? 429 : 503, status(overloaded ? 8 : 14, refused.getMessage()));
          ingest.metrics().request(signal, "http", overloaded ? 429 : 503, System.nanoTime() - started);
          return null;
        }));
  }

  private byte[] readBody(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    String encoding = String.valueOf(ctx.header("Content-Encoding")).toLowerCase(Locale.ROOT).strip();
    boolean gzip = encoding.equals("gzip");
    if (!gzip && !encoding.equals("null") && !encoding.equals("identity") && !encoding.isEmpty()) {
      throw new UnsupportedEncoding("Content-Encoding '" + encoding + "' is not supported; use gzip or none");
    }
    if (!gzip && declared > maxRequestBytes) {
      throw new BoundedBody.TooLargeException(maxRequestBytes);
    }
    try (InputStream in = gzip ? new GZIPInputStream(ctx.req().getInputStream(), 16 * 1024) : ctx.req().getInputStream()) {
      return BoundedBody.read(in, maxRequestBytes);
    } catch (ZipException | java.io.EOFException e) {
      throw new IOException("invalid gzip data: " + e.getMessage(), e);
    }
  }

  private void refuse(Context ctx, Signal signal, boolean json, int httpStatus, String reason, int grpcCode, String message) {
    ingest.metrics().refused(signal, "http", reason, 0);
    respond(ctx, json, httpStatus, status(grpcCode, message));
  }

  /** The body of an error response: a {@code google.rpc.Status}, as the OTLP spec asks. */
  private static Message status(int grpcCode, String message) {
    return com.google.rpc.Status.newBuilder().setCode(grpcCode).setMessage(message).build();
  }

  private static void respond(Context ctx, boolean json, int httpStatus, Message message) {
    ctx.status(httpStatus);
    if (json) {
      ctx.contentType(JSON).result(OtlpJson.print(message));
    } else {
      ctx.contentType(PROTOBUF).result(message.toByteArray());
    }
  }

  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** A Content-Encoding the receiver does not decode. */
  private static final class UnsupportedEncoding extends IOException {
    private static final long serialVersionUID = 1L;

    UnsupportedEncoding(String message) {
      super(message);
    }
  }
}

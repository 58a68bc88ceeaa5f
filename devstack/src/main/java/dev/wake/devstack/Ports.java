package dev.wake.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks that turn "address in use" into a message naming the port and its setting. */
public final class Ports {
  private Ports() {}

  /**
   * Throws with a clear message when {@code port} on {@code host} cannot be bound.
   *
   * @param what the service, e.g. "Kafka"
   * @param variable the setting that changes the port, e.g. {@code WAKE_KAFKA_PORT}
   */
  public static void requireFree(String host, int port, String what, String variable) throws IOException {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new IOException(
          what + " cannot listen on " + host + ":" + port + ": the port is in use. Stop what uses it"
              + " (e.g. another 'wake up') or set " + variable + " to another port.");
    }
  }

  /** A port that was free a moment ago on {@code host}. */
  public static int free(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    }
  }
}

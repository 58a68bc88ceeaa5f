package dev.wake.devstack.kafka;

import java.nio.file.Path;

/**
 * How to run the embedded Kafka broker (single node, KRaft, broker and controller in one).
 *
 * @param host address to listen on (127.0.0.1 by default)
 * @param port client port (9092 by default; 0 picks a free one)
 * @param controllerPort KRaft controller port (9093 by default; 0 picks a free one)
 * @param dataDir where the broker keeps its log; survives restarts
 * @param heapMb Java heap of the broker process
 */
public record KafkaSettings(String host, int port, int controllerPort, Path dataDir, int heapMb) {}

package dev.wake.query;

/**
 * Settings of the query API.
 *
 * @param host address to listen on (127.0.0.1 by default)
 * @param port HTTP port (8080 by default; 0 picks a free one)
 */
public record QueryApiConfig(String host, int port) {}

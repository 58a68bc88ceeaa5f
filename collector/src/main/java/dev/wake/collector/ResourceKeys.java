package dev.wake.collector;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;

/** The Kafka key of a resource's metrics and logs: {@code service.instance.id}, else {@code service.name}. */
final class ResourceKeys {
  private ResourceKeys() {}

  /** The key, or null when the resource names neither (Kafka then spreads the records). */
  static String of(Resource resource) {
    String name = null;
    for (KeyValue attribute : resource.getAttributesList()) {
      String value = attribute.getValue().getStringValue();
      if (value.isEmpty()) {
        continue;
      }
      if (attribute.getKey().equals("service.instance.id")) {
        return value;
      }
      if (attribute.getKey().equals("service.name")) {
        name = value;
      }
    }
    return name;
  }
}

package dev.wake.writer;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one batch's spans say about agent instances and how they are tied together, before any
 * look-up: per instance its aggregates; the <em>keys</em> an instance owns (each of its spans,
 * {@code s:<trace><span>}; its process, {@code p:<host>/<pid>}); and the <em>references</em> an
 * instance makes to keys (its spans' parent spans, its spans' links, its parent process). A
 * reference to a key owned by another instance is a lineage edge; {@link Lineage} resolves them.
 * Not thread-safe.
 */
final class LineageFacts {
  static final String PARENT_SPAN = "parent_span";
  static final String SPAN_LINK = "span_link";
  static final String PROCESS = "process";

  /** A key owned by an instance. {@code group} is the trace id, or {@code p:<host>}: look-ups go by group. */
  record Key(String tenant, String key, String group, String instanceId, long seenNanos) {}

  /** A reference from {@code instanceId} to {@code key}, with its kind and evidence (the span id that made it). */
  record Ref(String tenant, String key, String group, String instanceId, String kind, String evidence, long seenNanos) {}

  /** One instance's aggregates over this batch. */
  static final class Instance {
    final String tenant;
    final AgentIdentity agent;
    long firstSeen = Long.MAX_VALUE;
    long lastSeen = Long.MIN_VALUE;
    final Set<String> traceIds = new LinkedHashSet<>();
    long spans;
    long errors;
    long inputTokens;
    long outputTokens;

    Instance(String tenant, AgentIdentity agent) {
      this.tenant = tenant;
      this.agent = agent;
    }
  }

  /**
   * The gauges the query API counts GPU seconds from ({@code Instances.GPU_SQL}): an instance
   * reporting them changes its lineage answers' totals.
   */
  static final Set<String> GPU_UTILIZATION = Set.of("hw.gpu.utilization", "DCGM_FI_DEV_GPU_UTIL");

  private final Map<String, Instance> instances = new LinkedHashMap<>();
  /** tenant -> instances that reported GPU utilisation in this batch. */
  private final Map<String, Set<String>> gpu = new LinkedHashMap<>();
  private final Map<String, Key> keys = new LinkedHashMap<>();
  private final List<Ref> refs = new ArrayList<>();
  private final Map<String, Ref> processRefs = new LinkedHashMap<>();

  /** Records one span of {@code agent}; spans of an instance without identity carry no lineage. */
  void span(String tenant, AgentIdentity agent, String traceId, Span span, Map<String, String> attributes) {
    if (agent.instanceId().isEmpty()) {
      return;
    }
    long start = span.getStartTimeUnixNano();
    String instanceKey = tenant + '\n' + agent.instanceId();
    Instance instance = instances.computeIfAbsent(instanceKey, k -> new Instance(tenant, agent));
    if (start < instance.firstSeen) {
      instance.firstSeen = start;
      process(instanceKey, tenant, agent, start);
    }
    instance.lastSeen = Math.max(instance.lastSeen, Math.max(start, span.getEndTimeUnixNano()));
    instance.traceIds.add(traceId);
    instance.spans++;
    if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
      instance.errors++;
    }
    instance.inputTokens += tokens(attributes, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens");
    instance.outputTokens += tokens(attributes, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens");

    String spanId = AnyValues.hex(span.getSpanId());
    if (traceId.length() != 32 || spanId.length() != 16) {
      return; // an invalid id (records not from Wake's collector) ties nothing
    }
    addKey(new Key(tenant, "s:" + traceId + spanId, traceId, agent.instanceId(), start));
    if (span.getParentSpanId().size() == 8) {
      String parent = AnyValues.hex(span.getParentSpanId());
      refs.add(new Ref(tenant, "s:" + traceId + parent, traceId, agent.instanceId(), PARENT_SPAN, spanId, start));
    }
    for (Span.Link link : span.getLinksList()) {
      String linkedTrace = AnyValues.hex(link.getTraceId());
      String linkedSpan = AnyValues.hex(link.getSpanId());
      if (linkedTrace.length() == 32 && linkedSpan.length() == 16) {
        refs.add(new Ref(tenant, "s:" + linkedTrace + linkedSpan, linkedTrace, agent.instanceId(), SPAN_LINK,
            spanId, start));
      }
    }
  }

  /**
   * The instance's process key and parent-process reference, seen at its earliest span of the
   * batch (whichever span came first): the pid-reuse rule compares when two processes were first
   * seen, so a later span must not stand for the process.
   */
  private void process(String instanceKey, String tenant, AgentIdentity agent, long firstSeen) {
    if (agent.host().isEmpty()) {
      return;
    }
    String group = "p:" + agent.host();
    if (agent.pid() > 0) {
      Key key = new Key(tenant, group + "/" + agent.pid(), group, agent.instanceId(), firstSeen);
      keys.put(id(tenant, key.key(), key.instanceId()), key);
    }
    if (agent.parentPid() > 0) {
      processRefs.put(instanceKey, new Ref(tenant, group + "/" + agent.parentPid(), group, agent.instanceId(), PROCESS,
          "pid " + agent.parentPid(), firstSeen));
    }
  }

  /**
   * The keys and references of several batches as one, for one lineage write: a key or parent-process
   * reference several of them hold is kept as first seen. The instances stay each batch's own
   * (their aggregates are inserted once per batch, by its token); the result holds none.
   */
  static LineageFacts keysAndRefsOf(List<LineageFacts> batches) {
    LineageFacts all = new LineageFacts();
    for (LineageFacts batch : batches) {
      batch.keys.forEach((id, key) -> all.keys.merge(id, key, (a, b) -> a.seenNanos() <= b.seenNanos() ? a : b));
      all.refs.addAll(batch.refs);
      batch.processRefs.forEach((id, ref) ->
          all.processRefs.merge(id, ref, (a, b) -> a.seenNanos() <= b.seenNanos() ? a : b));
    }
    return all;
  }

  Iterable<Instance> instances() {
    return instances.values();
  }

  /** Records the instances of {@code request} (for {@code tenant}) that report GPU utilisation. */
  void gpu(ExportMetricsServiceRequest request, String tenant) {
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      String id = AgentIdentity.of(resourceMetrics.getResource().getAttributesList()).instanceId();
      if (!id.isEmpty() && resourceMetrics.getScopeMetricsList().stream().anyMatch(scope ->
          scope.getMetricsList().stream().anyMatch(m -> m.hasGauge() && GPU_UTILIZATION.contains(m.getName())))) {
        gpu.computeIfAbsent(tenant, t -> new LinkedHashSet<>()).add(id);
      }
    }
  }

  /** tenant -> the instances that reported GPU utilisation ({@link #gpu}). */
  Map<String, Set<String>> gpuInstances() {
    return gpu;
  }

  Iterable<Key> keys() {
    return keys.values();
  }

  /**
   * References that may cross instances: all but those whose key this batch shows owned by the
   * referring instance itself (a span's parent in the same process, the common case).
   */
  List<Ref> openRefs() {
    List<Ref> open = new ArrayList<>();
    List<Ref> all = new ArrayList<>(refs);
    all.addAll(processRefs.values());
    for (Ref ref : all) {
      if (!keys.containsKey(id(ref.tenant(), ref.key(), ref.instanceId()))) {
        open.add(ref);
      }
    }
    return open;
  }

  private void addKey(Key key) {
    keys.putIfAbsent(id(key.tenant(), key.key(), key.instanceId()), key);
  }

  private static String id(String tenant, String key, String instanceId) {
    return tenant + '\n' + key + '\n' + instanceId;
  }

  /** Whether the batch brought nothing for lineage: no instance's spans, no GPU utilisation. */
  boolean isEmpty() {
    return instances.isEmpty() && gpu.isEmpty();
  }

  private static long tokens(Map<String, String> attributes, String key, String legacyKey) {
    String value = attributes.get(key);
    if (value == null) {
      value = attributes.get(legacyKey);
    }
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

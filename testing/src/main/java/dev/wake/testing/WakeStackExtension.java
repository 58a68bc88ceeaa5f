package dev.wake.testing;

import dev.wake.core.Env;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests a real Kafka ({@link TestKafka}) and a real ClickHouse ({@link TestClickHouse}) as
 * parameters of test methods, constructors or lifecycle methods.
 *
 * <p>The services are started once per test JVM and shared (see {@link TestStack} for embedded
 * versus external); each test class gets its own ClickHouse database, created before and dropped
 * after it, and its own topic names.
 */
public final class WakeStackExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final Namespace NAMESPACE = Namespace.create(WakeStackExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    TestStack stack = stack(context);
    String id = scope(context.getRequiredTestClass());
    TestClickHouse clickHouse = new TestClickHouse(stack, id);
    clickHouse.create();
    context.getStore(NAMESPACE).put(TestClickHouse.class, clickHouse);
    context.getStore(NAMESPACE).put(TestKafka.class, new TestKafka(stack, id));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    TestClickHouse clickHouse = context.getStore(NAMESPACE).remove(TestClickHouse.class, TestClickHouse.class);
    if (clickHouse != null) {
      clickHouse.drop();
    }
  }

  private static TestStack stack(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(TestStack.class, key -> new StackResource(), StackResource.class).stack;
  }

  /** Keeps the shared stack in JUnit's root store, which closes it when the run ends. */
  private static final class StackResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final TestStack stack;

    StackResource() {
      try {
        stack = TestStack.start(Env.system());
      } catch (Exception e) {
        throw new IllegalStateException("Cannot start Kafka and ClickHouse for tests: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws Exception {
      stack.close();
    }
  }

  static String scope(Class<?> testClass) {
    String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    return "t_" + name + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestClickHouse.class || type == TestKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // Stores are hierarchical: a method's store sees what beforeAll put in its class's store.
    return context.getStore(NAMESPACE).get(parameter.getParameter().getType());
  }
}

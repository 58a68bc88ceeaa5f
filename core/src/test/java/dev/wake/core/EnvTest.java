package dev.wake.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

  @Test
  void integer_unset_returnsDefault() {
    Env env = new Env(Map.of());
    assertThat(env.integer("WAKE_X", 7, 1, 10)).isEqualTo(7);
    env.validate();
  }

  @Test
  void validate_severalBadValues_namesEveryOne() {
    Env env = new Env(Map.of("WAKE_A", "abc", "WAKE_B", "99999", "WAKE_C", " 5 "));
    env.integer("WAKE_A", 1, 0, 10);
    env.port("WAKE_B", 1);
    assertThat(env.integer("WAKE_C", 1, 0, 10)).isEqualTo(5);
    assertThatThrownBy(env::validate)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WAKE_A must be a whole number, got 'abc'")
        .hasMessageContaining("WAKE_B must be between 0 and 65535, got 99999");
  }

  @Test
  void string_blank_isTreatedAsUnset() {
    Env env = new Env(Map.of("WAKE_S", "   "));
    assertThat(env.string("WAKE_S", "dflt")).isEqualTo("dflt");
  }
}

package io.hearthnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HearthNetCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return HearthNetCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void no_command_prints_usage_and_exits_2() throws Exception {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("usage: java -jar hearthnet.jar");
    }

    @Test
    void unknown_command_is_a_usage_error() throws Exception {
        assertThat(run("fly")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'fly'");
    }

    @Test
    void unknown_option_is_a_usage_error() throws Exception {
        assertThat(run("node", "--colour", "blue")).isEqualTo(2);
        assertThat(err()).contains("unknown option '--colour'");
    }

    @Test
    void port_must_be_a_number_in_range() throws Exception {
        assertThat(run("node", "--port", "seventy")).isEqualTo(2);
        assertThat(err()).contains("--port must be a whole number");
        assertThat(run("node", "--port", "70000")).isEqualTo(2);
        assertThat(err()).contains("--port must be between 0 and 65535");
    }

    @Test
    void option_without_value_is_a_usage_error() throws Exception {
        assertThat(run("node", "--name")).isEqualTo(2);
        assertThat(err()).contains("--name needs a value");
    }

    @Test
    void help_prints_usage_and_exits_0() throws Exception {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("node", "providers");
    }
}

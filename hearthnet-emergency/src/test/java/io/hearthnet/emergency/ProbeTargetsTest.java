package io.hearthnet.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.emergency.ProbeTarget.Kind;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeTargetsTest {
    @Test
    void parses_every_form() {
        assertThat(ProbeTargets.parse("dns://1.1.1.1")).isEqualTo(new ProbeTarget("dns://1.1.1.1", Kind.DNS, "1.1.1.1", 53));
        assertThat(ProbeTargets.parse(" dns://127.0.0.1:5353 "))
                .isEqualTo(new ProbeTarget("dns://127.0.0.1:5353", Kind.DNS, "127.0.0.1", 5353));
        assertThat(ProbeTargets.parse("dns://[::1]:5353")).isEqualTo(new ProbeTarget("dns://[::1]:5353", Kind.DNS, "::1", 5353));
        assertThat(ProbeTargets.parse("DNS://9.9.9.9/").kind()).isEqualTo(Kind.DNS);
        assertThat(ProbeTargets.parse("http://example.org")).isEqualTo(new ProbeTarget("http://example.org", Kind.HTTP, "example.org", 80));
        assertThat(ProbeTargets.parse("https://quad9.net/path?q=1"))
                .isEqualTo(new ProbeTarget("https://quad9.net/path?q=1", Kind.HTTPS, "quad9.net", 443));
        assertThat(ProbeTargets.parse("https://127.0.0.1:8443/").port()).isEqualTo(8443);
        assertThat(ProbeTargets.parse("tcp://relay.example:443")).isEqualTo(new ProbeTarget("tcp://relay.example:443", Kind.TCP, "relay.example", 443));
        assertThat(ProbeTargets.parse("http://127.0.0.1:1/").isHttp()).isTrue();
        assertThat(ProbeTargets.parse("tcp://127.0.0.1:1").isHttp()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                          | a probe target is empty",
            "1.1.1.1                     | probe target '1.1.1.1' has no scheme; write dns://RESOLVER[:PORT]",
            "ftp://example.org           | unsupported scheme 'ftp' (use dns, http, https or tcp)",
            "dns:1.1.1.1                 | 'dns:1.1.1.1' must be written dns://HOST",
            "tcp://example.org           | tcp probe target 'tcp://example.org' needs a port: tcp://HOST:PORT",
            "tcp://example.org:0         | has port 0, outside 1..65535",
            "dns://1.1.1.1:70000         | has port 70000, outside 1..65535",
            "tcp://host:abc              | has an invalid host or port 'host:abc'",
            "dns://1.1.1.1/resolve       | dns probe target 'dns://1.1.1.1/resolve' must not have a path",
            "tcp://host:1?x=1            | tcp probe target 'tcp://host:1?x=1' must not have a query",
            "http://user:pw@example.org/ | must not carry user info",
            "https://example.org/#top    | must not have a fragment",
            "http://exa mple.org/        | is not a valid URI: Illegal character in authority at index 7",
            "https:///path               | 'https:///path' has no host",
    })
    void refuses_bad_targets_precisely(String uri, String message) {
        assertThatThrownBy(() -> ProbeTargets.parse(uri))
                .isInstanceOfSatisfying(HearthNetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining(message);
    }

    @Test
    void parses_a_comma_separated_list_in_order() {
        List<ProbeTarget> targets = ProbeTargets.parseList("dns://127.0.0.1:53, http://127.0.0.1:8080/ ,tcp://127.0.0.1:9");
        assertThat(targets).extracting(ProbeTarget::target)
                .containsExactly("dns://127.0.0.1:53", "http://127.0.0.1:8080/", "tcp://127.0.0.1:9");
        assertThat(targets).extracting(ProbeTarget::kind).containsExactly(Kind.DNS, Kind.HTTP, Kind.TCP);
    }

    @Test
    void a_list_must_have_entries_and_no_repeats() {
        assertThatThrownBy(() -> ProbeTargets.parseList(" ")).hasMessage("the probe target list is empty");
        assertThatThrownBy(() -> ProbeTargets.parseList("dns://1.1.1.1,,tcp://h:1"))
                .hasMessageContaining("has an empty entry at position 2");
        assertThatThrownBy(() -> ProbeTargets.parseList("dns://1.1.1.1,"))
                .hasMessageContaining("has an empty entry at position 2");
        assertThatThrownBy(() -> ProbeTargets.parseList("dns://1.1.1.1,DNS://1.1.1.1:53"))
                .hasMessageContaining("probe target 'DNS://1.1.1.1:53' repeats 'dns://1.1.1.1'");
        assertThatThrownBy(() -> ProbeTargets.parseList("https://Example.org,https://example.org:443/"))
                .hasMessageContaining("repeats");
        assertThat(ProbeTargets.parseList("https://example.org/a,https://example.org/b")).hasSize(2);
        assertThatThrownBy(() -> ProbeTargets.parseList("dns://1.1.1.1,nonsense"))
                .hasMessageContaining("probe target 'nonsense' has no scheme");
    }

    @Test
    void the_defaults_are_the_specs_two_resolvers_and_two_https_targets() {
        assertThat(ProbeTargets.defaults()).extracting(ProbeTarget::target)
                .containsExactly("dns://1.1.1.1", "dns://8.8.8.8", "https://cloudflare.com", "https://quad9.net");
        assertThat(ProbeTargets.defaults()).extracting(ProbeTarget::kind)
                .containsExactly(Kind.DNS, Kind.DNS, Kind.HTTPS, Kind.HTTPS);
    }

    @Test
    void reads_the_environment_variable() {
        assertThat(ProbeTargets.fromEnvironment(Map.of(ProbeTargets.ENV, "tcp://127.0.0.1:1,dns://127.0.0.1:2")))
                .hasValueSatisfying(l -> assertThat(l).extracting(ProbeTarget::target)
                        .containsExactly("tcp://127.0.0.1:1", "dns://127.0.0.1:2"));
        assertThat(ProbeTargets.fromEnvironment(Map.of())).isEmpty();
        assertThat(ProbeTargets.fromEnvironment(Map.of(ProbeTargets.ENV, "  "))).isEmpty();
        assertThatThrownBy(() -> ProbeTargets.fromEnvironment(Map.of(ProbeTargets.ENV, "tcp://127.0.0.1")))
                .isInstanceOfSatisfying(HearthNetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessage("HEARTHNET_PROBE_TARGETS: tcp probe target 'tcp://127.0.0.1' needs a port: tcp://HOST:PORT");
    }

    @Test
    void configured_targets_win_over_the_environment_which_wins_over_the_defaults() {
        Map<String, String> env = Map.of(ProbeTargets.ENV, "tcp://127.0.0.1:7");
        List<ProbeTarget> configured = ProbeTargets.parseList("dns://127.0.0.1:5353");
        assertThat(ProbeTargets.select(configured, env)).isEqualTo(configured);
        assertThat(ProbeTargets.select(List.of(), env)).extracting(ProbeTarget::target).containsExactly("tcp://127.0.0.1:7");
        assertThat(ProbeTargets.select(List.of(), Map.of())).isEqualTo(ProbeTargets.defaults());
    }

    @Property
    void every_valid_port_parses_for_every_scheme(@ForAll @IntRange(min = 1, max = 65_535) int port) {
        assertThat(ProbeTargets.parse("tcp://10.0.0.1:" + port).port()).isEqualTo(port);
        assertThat(ProbeTargets.parse("dns://10.0.0.1:" + port).port()).isEqualTo(port);
        assertThat(ProbeTargets.parse("http://10.0.0.1:" + port + "/x").port()).isEqualTo(port);
    }
}

package io.hearthnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built {@code hearthnet.jar} as a user would. */
class HearthNetJarIT {
    private static final String SERVICES = "META-INF/services/io.hearthnet.api.spi.TransportProvider";
    private final Path jar = Path.of(System.getProperty("hearthnet.jar"));

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Djava.net.preferIPv4Stack=true", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Every transport provider any module declares (main resources, not tests). */
    private static Set<String> declaredProviders() throws IOException {
        Path root = Path.of(System.getProperty("hearthnet.services.dirs")).toAbsolutePath().normalize();
        Set<String> declared = new TreeSet<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("hearthnet-")).toList()) {
                Path file = module.resolve("src/main/resources").resolve(SERVICES);
                if (Files.exists(file)) {
                    Files.readAllLines(file).stream().map(String::trim)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(declared::add);
                }
            }
        }
        return declared;
    }

    @Test
    void the_jar_finds_every_transport_provider_of_every_module() throws Exception {
        Set<String> merged = new TreeSet<>();
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            var entry = jarFile.getJarEntry(SERVICES);
            if (entry != null) {
                new String(jarFile.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(merged::add);
            }
        }
        assertThat(merged).isEqualTo(declaredProviders());

        Process p = start("providers");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Set<String> found = new TreeSet<>();
        out.lines().filter(l -> !l.isBlank()).forEach(l -> found.add(l.substring(l.indexOf(' ') + 1)));
        assertThat(found).isEqualTo(declaredProviders());
    }

    @Test
    void node_starts_prints_its_id_keeps_it_across_restarts_and_stops_on_sigterm(@TempDir Path dataDir) throws Exception {
        String first;
        try (RunningNode node = RunningNode.start(this, dataDir)) {
            first = node.nodeId;
            assertThat(node.endpoint).startsWith("http://127.0.0.1:");
        }
        Path keyFile = dataDir.resolve("identity/node.key");
        assertThat(keyFile).exists();
        assertThat(Files.getPosixFilePermissions(keyFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (RunningNode again = RunningNode.start(this, dataDir)) {
            assertThat(again.nodeId).isEqualTo(first);
        }
    }

    @Test
    void the_call_command_calls_a_running_node_over_http(@TempDir Path dir) throws Exception {
        try (RunningNode node = RunningNode.start(this, dir.resolve("node"))) {
            Process ok = start("call", "--node", node.endpoint, "--capability", "experimental.echo@1.0",
                    "--input", "{\"text\":\"hello mesh\"}", "--data-dir", dir.resolve("caller").toString());
            String out = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ok.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ok.exitValue()).as(out).isZero();
            assertThat(out.lines()).as("the reply alone, no log lines").containsExactly("{\"text\":\"hello mesh\"}");

            Process missing = start("call", "--node", node.endpoint, "--capability", "experimental.nothing",
                    "--data-dir", dir.resolve("caller").toString());
            String err = new String(missing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(missing.exitValue()).isEqualTo(1);
            assertThat(err).contains("error: not_found");

            Process bad = start("call", "--node", node.endpoint, "--capability", "experimental.echo",
                    "--input", "{\"txt\":1}", "--data-dir", dir.resolve("caller").toString());
            String badOut = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(bad.exitValue()).isEqualTo(1);
            assertThat(badOut).contains("error: schema_mismatch");

            Process post = start("call", "--node", node.endpoint, "--capability", "market.post",
                    "--input", "{\"client_id\":\"c1\",\"title\":\"Ladder to lend\",\"category\":\"tools\"}",
                    "--data-dir", dir.resolve("caller").toString());
            String posted = new String(post.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(post.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(post.exitValue()).as(posted).isZero();
            Process list = start("call", "--node", node.endpoint, "--capability", "market.list",
                    "--input", "{\"category\":\"tools\"}", "--data-dir", dir.resolve("caller").toString());
            String listed = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(listed).contains("Ladder to lend");

            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String emergency = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.endpoint + "/emergency"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(io.hearthnet.api.json.Json.parseObject(emergency).get("mode").asText()).isIn("online", "degraded", "offline");
        }
    }

    @Test
    void nodes_given_the_url_of_a_relay_hub_become_each_others_peers_through_it(@TempDir Path dir) throws Exception {
        Process hub = start("relay", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.resolve("hub").toString());
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8));
            String url = null;
            for (String line = r.readLine(); line != null && !line.startsWith("Press Ctrl+C"); line = r.readLine()) {
                if (line.trim().startsWith("url")) {
                    url = line.trim().substring("url".length()).trim();
                }
            }
            assertThat(url).startsWith("http://127.0.0.1:");
            try (RunningNode a = RunningNode.start(this, dir.resolve("a"), "--relay", url, "--no-discovery");
                 RunningNode b = RunningNode.start(this, dir.resolve("b"), "--relay", url, "--no-discovery")) {
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                java.net.URI topology = java.net.URI.create(a.endpoint + "/topology");
                String relayed = "relay://127.0.0.1:" + java.net.URI.create(url).getPort() + "/";
                io.hearthnet.api.testing.Threads.awaitTrue("node a to learn node b through the hub", Duration.ofSeconds(30), () -> {
                    try {
                        var t = io.hearthnet.api.json.Json.parseObject(http.send(java.net.http.HttpRequest.newBuilder(topology).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                        for (var peer : t.get("peers")) {
                            if (peer.asText().equals(b.nodeId)) {
                                return true;
                            }
                        }
                        return false;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
                String manifest = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a.endpoint + "/manifest")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertThat(manifest).as("node a advertises its relay endpoint").contains(relayed);
            }
        } finally {
            hub.destroy();
            assertThat(hub.waitFor(20, TimeUnit.SECONDS)).as("the hub stops on SIGTERM").isTrue();
        }
    }

    /** An example node process, stopped with SIGTERM on close. */
    static final class RunningNode implements AutoCloseable {
        final Process process;
        final String nodeId;
        final String endpoint;

        private RunningNode(Process process, String nodeId, String endpoint) {
            this.process = process;
            this.nodeId = nodeId;
            this.endpoint = endpoint;
        }

        static RunningNode start(HearthNetJarIT it, Path dataDir, String... extra) throws Exception {
            // Probes aim at a closed port on loopback (the node goes degraded) and discovery stays on lo:
            // nothing leaves the machine.
            List<String> args = new ArrayList<>(List.of("node", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dataDir.toString(),
                    "--name", "it-node", "--community", "it", "--probe-targets", "tcp://127.0.0.1:9", "--interface", "lo"));
            args.addAll(List.of(extra));
            Process p = it.start(args.toArray(String[]::new));
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String nodeId = null;
            String endpoint = null;
            List<String> seen = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                seen.add(line);
                String t = line.trim();
                if (t.startsWith("node id")) {
                    nodeId = t.substring("node id".length()).trim();
                }
                if (t.startsWith("endpoints") && t.contains("http://")) {
                    endpoint = t.substring(t.indexOf("http://")).replaceAll("[\\],\\s].*$", "");
                }
                if (line.startsWith("Press Ctrl+C")) {
                    break;
                }
            }
            assertThat(nodeId).as("output: %s", seen).startsWith("ed25519:");
            assertThat(endpoint).as("output: %s", seen).isNotNull();
            assertThat(seen).anyMatch(l -> l.contains("HearthNet node 'it-node' running"));
            // Keep draining the node's output so it never blocks on a full pipe.
            Thread drain = new Thread(() -> {
                try {
                    while (r.readLine() != null) {
                        // discard
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            return new RunningNode(p, nodeId, endpoint);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            try {
                assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("node stops on SIGTERM").isTrue();
            } finally {
                process.destroyForcibly();
            }
        }
    }
}

package io.hearthnet.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Frame;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.ManifestCapability;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.spi.Transport;
import io.hearthnet.bus.HearthNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code hearthnet call}: signs one call with the identity in the data dir, sends it to one node and
 * prints the reply (or each frame of a stream). Exit 0 on success, 1 with the error code otherwise.
 */
final class CallCommand {
    static final Set<String> VALUED = Set.of("--node", "--capability", "--input", "--params", "--data-dir", "--community",
            "--timeout-ms");

    private CallCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        CliArgs a = CliArgs.parse(args, VALUED, Set.of());
        Endpoint target = Endpoint.parse(a.value("--node").orElseThrow(() -> new CliArgs.UsageException("--node URL is required")));
        String spec = a.value("--capability").orElseThrow(() -> new CliArgs.UsageException("--capability NAME[@X.Y] is required"));
        ObjectNode input = jsonObject(a.value("--input", "{}"), "--input");
        ObjectNode params = jsonObject(a.value("--params", "{}"), "--params");
        int timeoutMs = a.intValue("--timeout-ms", 30_000, 1, 3_600_000);
        Path dataDir = a.value("--data-dir").map(Path::of).orElseGet(HearthNode::defaultDataDir);
        int at = spec.indexOf('@');
        String capability = at < 0 ? spec : spec.substring(0, at);

        // Learn who answers there first: the call is addressed to that node, and its manifest names its community.
        NodeManifest manifest;
        try (HearthNode probe = clientNode(dataDir, "hearthnet")) {
            probe.start();
            Transport transport = transportFor(probe, target);
            manifest = NodeManifest.fromJson(transport.fetchManifest(target)).verify(Clock.systemUTC());
        }
        String community = a.value("--community", manifest.communityId());
        Version version = at >= 0 ? Version.parse(spec.substring(at + 1)) : manifest.capabilities().stream()
                .filter(c -> c.name().equals(capability)).map(ManifestCapability::version)
                .max(Comparator.naturalOrder()).orElse(Version.of(1, 0));
        boolean streaming = manifest.capabilities().stream()
                .anyMatch(c -> c.name().equals(capability) && c.version().satisfies(version) && c.streaming());

        try (HearthNode client = clientNode(dataDir, community)) {
            client.start();
            client.bus().updatePeer(manifest, List.of(target));
            CallOptions options = CallOptions.builder().params(params).targetNode(manifest.nodeId())
                    .timeout(java.time.Duration.ofMillis(timeoutMs)).build();
            if (streaming) {
                try (FrameStream frames = client.caller().stream(capability, version, input, options)) {
                    for (Frame f : frames) {
                        ObjectNode line = Json.object().put("event", f.event()).put("seq", f.seq());
                        line.set("data", f.data());
                        out.println(Json.write(line));
                    }
                }
            } else {
                out.println(Json.write(client.caller().call(capability, version, input, options)));
            }
            out.flush();
            return 0;
        } catch (HearthNetException e) {
            err.println("error: " + e.code().wireName() + ": " + e.getMessage());
            e.retryAfter().ifPresent(d -> err.println("retry after " + d.toMillis() + " ms"));
            return 1;
        }
    }

    /** A node that only calls: no services, the HTTP transport without a server. */
    private static HearthNode clientNode(Path dataDir, String community) {
        return HearthNode.builder().dataDir(dataDir).displayName("hearthnet-cli").communityId(community)
                .setting("http.serve", "false").build();
    }

    private static Transport transportFor(HearthNode node, Endpoint target) {
        return node.transports().stream().filter(t -> t.handles(target)).findFirst()
                .orElseThrow(() -> new HearthNetException(ErrorCode.PARTITION, "no transport on the classpath handles " + target));
    }

    private static ObjectNode jsonObject(String text, String option) {
        try {
            return Json.parseObject(text);
        } catch (HearthNetException e) {
            throw new CliArgs.UsageException(option + " must be a JSON object: " + e.getMessage());
        }
    }
}

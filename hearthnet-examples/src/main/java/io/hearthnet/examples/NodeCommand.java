package io.hearthnet.examples;

import io.hearthnet.api.spi.TransportProvider;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.discovery.DiscoveryExtension;
import io.hearthnet.emergency.EmergencyExtension;
import io.hearthnet.services.chat.ChatService;
import io.hearthnet.services.files.FilesService;
import io.hearthnet.services.market.MarketService;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code hearthnet node}: runs an example node with the echo capability until interrupted. */
final class NodeCommand {
    static final Set<String> VALUED = Set.of("--port", "--data-dir", "--name", "--community", "--bind",
            "--probe-targets", "--relay", "--interface");
    static final Set<String> SWITCHES = Set.of("--no-emergency", "--no-mdns", "--no-udp", "--no-discovery",
            "--open-diagnostics");
    static final int DEFAULT_PORT = 7080;

    private NodeCommand() {}

    static int run(List<String> args, PrintStream out) throws InterruptedException {
        CliArgs a = CliArgs.parse(args, VALUED, SWITCHES);
        int port = a.intValue("--port", DEFAULT_PORT, 0, 65_535);
        Path dataDir = a.value("--data-dir").map(Path::of).orElseGet(HearthNode::defaultDataDir);
        HearthNode.Builder builder = HearthNode.builder();
        EmergencyExtension emergency = null;
        if (!a.flag("--no-emergency")) {
            EmergencyExtension.Builder b = EmergencyExtension.builder();
            a.value("--probe-targets").ifPresent(b::targets);
            emergency = b.build();
            builder.extension(emergency);
        }
        if (!a.flag("--no-discovery")) {
            DiscoveryExtension.Builder discovery = DiscoveryExtension.builder()
                    .mdns(!a.flag("--no-mdns")).udp(!a.flag("--no-udp"));
            a.value("--interface").ifPresent(discovery::interfaceName);
            builder.extension(discovery.build());
        }
        a.value("--relay").ifPresent(url -> builder.setting("relay.url", url));
        HearthNode node = builder
                .dataDir(dataDir)
                .displayName(a.value("--name", "hearthnet-node"))
                .communityId(a.value("--community", "hearthnet"))
                .service(new EchoService())
                .service(ChatService.builder().build())
                .service(MarketService.builder().build())
                .service(FilesService.builder().build())
                .setting("http.port", Integer.toString(port))
                .setting("http.bind", a.value("--bind", "0.0.0.0"))
                .setting("http.open-diagnostics", Boolean.toString(a.flag("--open-diagnostics")))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "hearthnet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        node.start();
        out.println("HearthNet node '" + node.displayName() + "' running");
        out.println("  node id   " + node.nodeId().value());
        out.println("  short id  " + node.nodeId().shortForm());
        out.println("  community " + node.communityId());
        out.println("  data dir  " + node.dataDir().toAbsolutePath());
        out.println("  offers    " + node.manifest().capabilities().stream().map(c -> c.id()).toList());
        List<String> transports = ServiceLoader.load(TransportProvider.class).stream().map(p -> p.get().scheme()).toList();
        out.println("  endpoints " + (node.endpoints().isEmpty() ? "(none: no transport on the classpath "
                + transports + ")" : node.endpoints()));
        out.println("  emergency " + (emergency == null ? "off" : "probing " + emergency.targets()));
        out.println("Press Ctrl+C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}

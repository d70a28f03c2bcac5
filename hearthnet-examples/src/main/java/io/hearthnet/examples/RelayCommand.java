package io.hearthnet.examples;

import io.hearthnet.bus.HearthNode;
import io.hearthnet.relay.RelayHub;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code hearthnet relay}: runs a relay hub until interrupted. */
final class RelayCommand {
    static final Set<String> VALUED = Set.of("--port", "--data-dir", "--bind");
    static final int DEFAULT_PORT = 7443;

    private RelayCommand() {}

    static int run(List<String> args, PrintStream out) throws InterruptedException {
        CliArgs a = CliArgs.parse(args, VALUED, Set.of());
        Path dataDir = a.value("--data-dir").map(Path::of).orElseGet(() -> HearthNode.defaultDataDir().resolve("relay"));
        RelayHub hub = RelayHub.builder()
                .port(a.intValue("--port", DEFAULT_PORT, 0, 65_535))
                .bindAddress(a.value("--bind", "0.0.0.0"))
                .dataDir(dataDir)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hub.close();
            stopped.countDown();
        }, "hearthnet-relay-shutdown"));
        hub.start();
        out.println("HearthNet relay hub running");
        out.println("  url       " + hub.url());
        out.println("  hub id    " + hub.nodeId().value());
        out.println("  data dir  " + dataDir.toAbsolutePath());
        out.println("  members   " + hub.memberCount() + " restored, " + hub.queuedEnvelopes() + " envelopes queued");
        out.println("Press Ctrl+C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}

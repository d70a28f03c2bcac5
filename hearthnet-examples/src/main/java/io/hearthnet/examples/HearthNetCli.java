package io.hearthnet.examples;

import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.spi.TransportProvider;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@code hearthnet} command line ({@code java -jar hearthnet.jar <command> [options]}):
 * {@code node} runs an example node, {@code providers} lists the transports found on the
 * classpath, {@code help} prints usage.
 */
public final class HearthNetCli {
    static final String USAGE = String.join("\n",
            "usage: java -jar hearthnet.jar <command> [options]",
            "",
            "commands:",
            "  node       run an example node until interrupted: experimental.echo@1.0 and the default",
            "             chat, marketplace and file services",
            "             --port N          HTTP port (default 7080; 0 picks a free one)",
            "             --data-dir DIR    identity and stores (default $HEARTHNET_DATA_DIR or ~/.hearthnet)",
            "             --name NAME       display name (default hearthnet-node)",
            "             --community ID    community id (default hearthnet)",
            "             --bind ADDRESS    HTTP listen address (default 0.0.0.0: every interface)",
            "             --probe-targets L emergency-mode probes, comma-separated dns://, http(s)://, tcp:// URIs",
            "                               (default $HEARTHNET_PROBE_TARGETS, else public DNS resolvers and HTTPS sites)",
            "             --no-emergency    run without emergency mode",
            "             --open-diagnostics  serve /metrics, /trace/recent, /topology and views to the network",
            "                               (default: to this machine only)",
            "             --relay URL       also join this relay hub (reach and be reached through it)",
            "             --interface NAME  network interface for discovery, e.g. lo (default: the first LAN one)",
            "             --no-mdns --no-udp --no-discovery   turn discovery channels off",
            "  relay      run a relay hub until interrupted",
            "             --port N          default 7443 (0 picks a free one)",
            "             --bind ADDRESS    default 0.0.0.0",
            "             --data-dir DIR    roster and queued mail (default <data dir>/relay)",
            "  call       call a capability on one node and print the reply (or each stream frame)",
            "             --node URL        the node, e.g. http://127.0.0.1:7080 (required)",
            "             --capability C    NAME or NAME@X.Y (required)",
            "             --input JSON      call input (default {})",
            "             --params JSON     requested params (default {})",
            "             --data-dir DIR    the caller's identity (default $HEARTHNET_DATA_DIR or ~/.hearthnet)",
            "             --community ID    default: the called node's community",
            "             --timeout-ms N    default 30000",
            "             (logs warnings only; java -Dorg.slf4j.simpleLogger.defaultLogLevel=info -jar ... for more)",
            "  providers  list the transport providers found with ServiceLoader",
            "  bench      run JMH benchmarks: bench [regex] [JMH options], e.g. bench LocalCall -f 1",
            "  load-http  measure the HTTP transport on loopback (latency, throughput, streams)",
            "  help       show this text");

    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private HearthNetCli() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("call") && System.getProperty(LOG_LEVEL) == null) {
            // The reply is the output: the two short-lived nodes' INFO lines would only clutter it.
            System.setProperty(LOG_LEVEL, "warn");
        }
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            switch (args.get(0)) {
                case "node":
                    return NodeCommand.run(rest, out);
                case "relay":
                    return RelayCommand.run(rest, out);
                case "call":
                    return CallCommand.run(rest, out, err);
                case "providers":
                    ServiceLoader.load(TransportProvider.class).stream()
                            .map(p -> p.get().scheme() + " " + p.type().getName()).sorted().forEach(out::println);
                    return 0;
                case "bench":
                    org.openjdk.jmh.Main.main(rest.toArray(new String[0]));
                    return 0;
                case "load-http":
                    io.hearthnet.examples.bench.HttpLoadDriver.run(out);
                    return 0;
                case "help":
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return 0;
                default:
                    err.println("unknown command '" + args.get(0) + "'\n\n" + USAGE);
                    return 2;
            }
        } catch (CliArgs.UsageException e) {
            err.println("error: " + e.getMessage() + "\n\n" + USAGE);
            return 2;
        } catch (HearthNetException e) {
            err.println("error: " + e.code().wireName() + ": " + e.getMessage());
            return 1;
        }
    }
}

package io.hearthnet.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.bus.HearthNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS when the application supplies an SSLContext: calls go over https and still verify. */
class HttpTlsTest {
    @TempDir
    Path dir;

    /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool. */
    private SSLContext selfSigned() throws Exception {
        Path store = dir.resolve("node.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=hearthnet-test", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void calls_travel_over_tls_when_an_ssl_context_is_supplied() throws Exception {
        SSLContext ctx = selfSigned();
        try (HttpMesh mesh = new HttpMesh(dir)) {
            HearthNode server = mesh.node("server", HttpTransportConfig.builder().sslContext(ctx), Caps.echo("experimental.echo"));
            HearthNode caller = mesh.node("caller", HttpTransportConfig.builder().sslContext(ctx));
            mesh.introduceAll();
            assertThat(server.endpoints()).singleElement().satisfies(e -> assertThat(e.scheme()).isEqualTo("https"));
            assertThat(caller.caller().call("experimental.echo", "1.0", Caps.text("secret")).get("text").asText()).isEqualTo("secret");
            assertThat(caller.bus().recentTraces(1).get(0).local()).isFalse();
            // A plain-HTTP client cannot talk to the TLS port.
            RawClient plain = new RawClient(io.hearthnet.api.Endpoint.parse(server.endpoints().get(0).toString().replace("https", "http")));
            var outcome = org.assertj.core.api.Assertions.catchThrowable(() -> plain.get("/health"));
            assertThat(outcome).isNotNull();
            assertThat(List.of(server, caller)).allMatch(HearthNode::isRunning);
        }
    }
}

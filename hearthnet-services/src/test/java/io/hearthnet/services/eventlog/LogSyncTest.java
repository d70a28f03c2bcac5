package io.hearthnet.services.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.Service;
import io.hearthnet.api.spi.ServiceContext;
import io.hearthnet.api.spi.TrustPolicy;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.services.testing.LogCapture;
import io.hearthnet.services.testing.Mesh;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log replication through bus capabilities: convergence, paging, and what is refused. */
class LogSyncTest {
    private static final NodeKeyPair OUTSIDER = TestKeys.seeded(6);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    /** A bare service with a replicated log under {@code community.log.*}. */
    private static final class Logged implements Service {
        private final TrustPolicy membership;
        EventLog log;
        LogSync sync;

        Logged(TrustPolicy membership) {
            this.membership = membership;
        }

        @Override
        public String name() {
            return "logged";
        }

        @Override
        public Version version() {
            return Version.of(1, 0);
        }

        @Override
        public void start(ServiceContext context) {
            log = EventLog.builder(context.dataDir().resolve("events.db"), context.keys(), context.communityId())
                    .clock(context.clock()).open();
            sync = LogSync.builder(log, context, "community").membership(membership).pageSize(100).build();
            sync.start();
        }

        @Override
        public List<Capability> capabilities() {
            return sync.capabilities();
        }

        @Override
        public void stop() {
            sync.close();
            log.close();
        }
    }

    private static final TrustPolicy NO_OUTSIDER = new TrustPolicy() {
        @Override
        public TrustLevel levelOf(NodeId node, String community) {
            return node.equals(OUTSIDER.nodeId()) ? TrustLevel.UNKNOWN : TrustLevel.MEMBER;
        }

        @Override
        public boolean isRevoked(NodeId node) {
            return false;
        }
    };

    private static ObjectNode note(int i) {
        ObjectNode o = Json.object();
        o.put("i", i);
        return o;
    }

    @Test
    void logs_converge_page_by_page_across_hops_and_the_receiver_clock_moves_past_what_it_saw() {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            Logged a = new Logged(NO_OUTSIDER);
            Logged b = new Logged(NO_OUTSIDER);
            Logged c = new Logged(NO_OUTSIDER);
            HearthNode aNode = mesh.start("a", TestKeys.ALICE, a);
            HearthNode bNode = mesh.start("b", TestKeys.BOB, b);
            for (int i = 0; i < 250; i++) {
                a.log.append("test.note", note(i));
            }
            mesh.introduce(aNode, bNode);
            mesh.introduce(bNode, aNode);
            Mesh.await("b to hold a's 250 events", () -> b.log.count(), n -> n == 250);
            assertThat(b.log.lamport()).isGreaterThan(250);
            b.log.append("test.note", note(-1));

            HearthNode cNode = mesh.start("c", TestKeys.CAROL, c);
            mesh.introduce(bNode, cNode);
            mesh.introduce(cNode, bNode);
            Mesh.await("c, which knows only b, to hold a's and b's events", () -> c.log.count(), n -> n == 251);
            a.log.append("test.note", note(1000));
            Mesh.await("a's newest event to reach c through b", () -> c.log.count(), n -> n == 252);
            assertThat(c.log.query(EventQuery.since(0, 1000))).isEqualTo(b.log.query(EventQuery.since(0, 1000)));
        }
    }

    @Test
    void forged_and_non_member_events_are_refused_and_the_rest_is_stored() {
        Event good = Event.create(TestKeys.CAROL, Ulid.of(1, 0, 1), 1, Instant.EPOCH, "test", "test.note", note(1));
        Event forgedLater = Event.create(TestKeys.CAROL, Ulid.of(1, 0, 2), 2, Instant.EPOCH, "test", "test.note", note(2));
        ObjectNode forged = forgedLater.toJson();
        ((ObjectNode) forged.get("data")).put("i", 999);
        Event afterForged = Event.create(TestKeys.CAROL, Ulid.of(1, 0, 3), 3, Instant.EPOCH, "test", "test.note", note(3));
        Event outsider = Event.create(OUTSIDER, Ulid.of(1, 0, 4), 1, Instant.EPOCH, "test", "test.note", note(4));
        Event foreign = Event.create(TestKeys.seeded(5), Ulid.of(1, 0, 5), 1, Instant.EPOCH, "elsewhere", "test.note", note(5));
        Event fine = Event.create(TestKeys.ALICE, Ulid.of(1, 0, 6), 4, Instant.EPOCH, "test", "test.note", note(6));
        ArrayNode page = Json.array();
        List.of(good.toJson(), forged, afterForged.toJson(), outsider.toJson(), foreign.toJson(), fine.toJson()).forEach(page::add);
        CapabilityDescriptor pull = CapabilityDescriptor.builder("community.log.pull", "1.0")
                .requestSchema(SyncSchemas.PULL_REQUEST).responseSchema(SyncSchemas.PULL_RESPONSE).build();
        Capability rogue = Capability.of(pull, CapabilityHandler.unary(call -> {
            ObjectNode out = Json.object();
            out.set("events", page.deepCopy());
            out.put("more", false);
            return out;
        }));
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock); LogCapture logs = new LogCapture()) {
            Logged b = new Logged(NO_OUTSIDER);
            mesh.start("b", TestKeys.BOB, b);
            HearthNode r = mesh.start("rogue", TestKeys.seeded(8), builder -> builder.capability(rogue));
            mesh.introduceAll();
            b.sync.syncWith(r.nodeId());
            assertThat(b.log.query(EventQuery.since(0, 100))).as("stored by this pull or the one on appearance")
                    .containsExactly(good, fine);
            Mesh.await("the refusals logged", logs::text, t -> t.contains("bad signature") && t.contains("is not a member")
                    && t.contains("community 'elsewhere'"));
        }
    }
}

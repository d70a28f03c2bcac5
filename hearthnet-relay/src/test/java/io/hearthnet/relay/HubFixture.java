package io.hearthnet.relay;

import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.testing.Threads;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A hub on 127.0.0.1 (free port) over a real SQLite file, and members that talk to it. */
final class HubFixture implements AutoCloseable {
    final Path dataDir;
    final Clock clock;
    final RelayHub hub;

    HubFixture(Path dataDir, Clock clock, UnaryOperator<RelayHub.Builder> tune) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.hub = tune.apply(RelayHub.builder().port(0).bindAddress("127.0.0.1").dataDir(dataDir).clock(clock)).build();
        hub.start();
    }

    HubFixture(Path dataDir) {
        this(dataDir, Clock.systemUTC(), b -> b);
    }

    TestMember member(NodeKeyPair keys) {
        return new TestMember(hub.url(), keys, clock, "test");
    }

    TestMember joined(NodeKeyPair keys) {
        TestMember m = member(keys);
        m.join();
        return m;
    }

    /**
     * Joins a member per key and drains the roster notices their joins caused, waiting until the
     * hub has acknowledged them, so every mailbox starts empty.
     */
    List<TestMember> quietMembers(NodeKeyPair... keys) {
        List<TestMember> members = new ArrayList<>();
        for (NodeKeyPair k : keys) {
            members.add(joined(k));
        }
        for (TestMember m : members) {
            m.pollNow();
        }
        Threads.awaitTrue("the roster notices to be acknowledged",
                () -> members.stream().allMatch(m -> hub.state().mailboxSize(m.id()) == 0) && hub.queuedEnvelopes() == 0);
        return members;
    }

    /**
     * Waits until the hub has acknowledged what {@code m} last polled. The hub deletes a delivered
     * envelope only after it wrote the poll response, so the member may read the response first.
     */
    void awaitAcknowledged(TestMember m) {
        Threads.awaitTrue("the hub to acknowledge what " + m.id().shortForm() + " polled",
                () -> hub.state().mailboxSize(m.id()) == 0);
    }

    @Override
    public void close() {
        hub.close();
    }
}

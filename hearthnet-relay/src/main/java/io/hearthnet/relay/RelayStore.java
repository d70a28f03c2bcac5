package io.hearthnet.relay;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link RelayHub} keeps what it must not lose: the roster and the envelopes not yet
 * delivered. Every write returns only once it is durable (it survives the hub process being
 * killed); a failure is thrown, never swallowed, and the hub refuses the request it belonged to.
 * {@link JdbcRelayStore} is the plain-JDBC implementation (SQLite by default).
 */
public interface RelayStore extends AutoCloseable {

    /** Everything stored, as the hub restores it on start: members, and envelopes in queue order. */
    Snapshot load();

    /** Adds a member or replaces its row. */
    void putMember(Member member);

    /** Removes a member and every envelope queued for it, in one transaction. */
    void removeMember(String nodeId);

    /** Queues envelopes, all or none. */
    void enqueue(Collection<Envelope> envelopes);

    /** Deletes delivered envelopes by sequence number. */
    void delete(Collection<Long> seqs);

    /** Releases the connection; idempotent. */
    @Override
    void close();

    /**
     * A stored roster row.
     *
     * @param nodeId    the member's node id
     * @param community the member's community
     * @param joinedAt  when it first joined
     * @param manifest  its latest signed manifest as JSON text, if it sent one
     */
    record Member(String nodeId, String community, Instant joinedAt, Optional<String> manifest) {
        /** Checks every component is present. */
        public Member {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(community, "community");
            Objects.requireNonNull(joinedAt, "joinedAt");
            Objects.requireNonNull(manifest, "manifest");
        }
    }

    /**
     * A stored, undelivered envelope.
     *
     * @param seq        hub-wide queue position (ascending)
     * @param recipient  the member whose mailbox holds it
     * @param envelopeId the sender's envelope id
     * @param sender     the node that sent it (the hub's own id for roster envelopes)
     * @param queuedAt   when the hub accepted it
     * @param body       the envelope exactly as sent
     */
    record Envelope(long seq, String recipient, String envelopeId, String sender, Instant queuedAt, byte[] body) {
        /** Checks every component is present. */
        public Envelope {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(envelopeId, "envelopeId");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(queuedAt, "queuedAt");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * The stored state.
     *
     * @param members   every member
     * @param envelopes every undelivered envelope, ascending by {@code seq}
     */
    record Snapshot(List<Member> members, List<Envelope> envelopes) {
        /** Copies both lists. */
        public Snapshot {
            members = List.copyOf(members);
            envelopes = List.copyOf(envelopes);
        }
    }
}

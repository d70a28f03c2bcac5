package io.hearthnet.relay;

import java.time.Duration;

/**
 * The hub's limits and timings (see {@link RelayHub.Builder} for each one's meaning and default).
 */
record HubConfig(Duration memberTtl, Duration maxPollWait, int mailboxCapacity, int maxMembers, int maxParkedPolls,
                 int maxRequestBytes, long maxQueuedBytes, int handlerThreads, Duration timestampWindow,
                 Duration sweepInterval, int pollBatch, int pollBatchBytes, Duration retryAfter) {
}

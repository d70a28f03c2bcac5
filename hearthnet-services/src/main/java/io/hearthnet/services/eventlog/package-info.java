/**
 * The append-only, signed event log each default service persists to (its own SQLite file in WAL
 * mode under the service's folder), and the replication of such a log between nodes through bus
 * capabilities. A library, not a service: every service opens its own log from its context.
 */
package io.hearthnet.services.eventlog;

/**
 * Small helpers the default services share: opening SQLite stores in WAL mode with failures that
 * surface, reading call inputs strictly, and a bounded background worker. Not a service and not part
 * of the stable API; services depend on it, never on each other.
 */
package io.hearthnet.services.support;

/**
 * What every transport puts on the wire the same way: the signed call envelope and the replay
 * guard, so HTTP, relay and in-memory links all run the same checks.
 */
package io.hearthnet.api.wire;

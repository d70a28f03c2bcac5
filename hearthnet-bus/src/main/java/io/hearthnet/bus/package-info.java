/**
 * The capability bus (registry, router, health and quarantine, schema validation, traces) and the {@code HearthNode} runtime that wires services, transports and extensions together.
 */
package io.hearthnet.bus;

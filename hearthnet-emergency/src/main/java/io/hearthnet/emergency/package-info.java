/**
 * Emergency mode: connectivity probes, the online/degraded/offline state machine, and its effects on capabilities and discovery.
 */
package io.hearthnet.emergency;

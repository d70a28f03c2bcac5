/**
 * The HearthNet contract: capability descriptors and versions, the error model, call and stream
 * types, and the service SPI. Every other module depends on this package and on nothing else
 * of HearthNet's.
 */
package io.hearthnet.api;

/** Thread pools shared by the node runtime and the transports. */
package io.hearthnet.api.concurrent;

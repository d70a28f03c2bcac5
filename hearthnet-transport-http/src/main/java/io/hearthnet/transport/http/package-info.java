/**
 * The HTTP transport: the {@code /bus/v1/call} server and node endpoints, the signing client, SSE streaming and rate limits.
 */
package io.hearthnet.transport.http;

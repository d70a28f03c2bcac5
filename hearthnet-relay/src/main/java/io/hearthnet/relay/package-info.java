/**
 * The relay hub (mailboxes, roster, persistence) and the relay transport that lets NAT-bound nodes call each other through it.
 */
package io.hearthnet.relay;

/**
 * The chat service: direct messages between nodes, idempotent by the sender's client id, handed
 * over directly, through another node that holds them, or queued until the recipient appears, with
 * delivery and read receipts recorded as signed events.
 */
package io.hearthnet.services.chat;

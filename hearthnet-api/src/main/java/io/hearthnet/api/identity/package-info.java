/**
 * Node identity: Ed25519 key pairs ({@link io.hearthnet.api.identity.NodeKeyPair}), the node ids
 * derived from their public keys ({@link io.hearthnet.api.identity.NodeId}) and the
 * {@code ed25519:} signature format ({@link io.hearthnet.api.identity.Signatures}).
 */
package io.hearthnet.api.identity;

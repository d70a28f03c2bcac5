/**
 * The files service: a content-addressed blob store (256 KiB chunks named by their BLAKE3, blob
 * manifests naming the chunks and the BLAKE3 of the whole content), blob transfer between nodes
 * that moves only missing chunks and checks every hash, and a replicated record of who holds what.
 */
package io.hearthnet.services.files;

/**
 * Default services a host app can wire into its node: chat, marketplace, files, RAG, LLM and embeddings, and the event log they persist to.
 */
package io.hearthnet.services;

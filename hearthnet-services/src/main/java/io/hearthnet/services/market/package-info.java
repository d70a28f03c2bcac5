/**
 * The marketplace service: community posts (offers, requests) that every connected node lists,
 * with idempotent posting, bounded lifetimes, author-or-trusted expiry and lexical search.
 */
package io.hearthnet.services.market;

package io.hearthnet.services.market;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ranks posts by relevance to a text query, BM25-style: each query word counts by how rare it is
 * among the candidates (idf) and, with saturation, by how often it appears in the post, a word in
 * the title weighing three, a matching tag or category two, one in the description one.
 */
final class LexicalRanking {
    /** Most distinct words taken from a query. */
    static final int MAX_QUERY_WORDS = 16;
    private static final double K1 = 1.2;

    /** A post and its score. */
    record Scored(Post post, double score) {}

    private LexicalRanking() {}

    /** Lower-case words of letters and digits, in order of first appearance, without repeats. */
    static List<String> words(String text) {
        return List.copyOf(new LinkedHashSet<>(allWords(text)));
    }

    /** How often each lower-case word occurs in {@code text}. */
    static Map<String, Integer> frequencies(String text) {
        Map<String, Integer> out = new HashMap<>();
        allWords(text).forEach(w -> out.merge(w, 1, Integer::sum));
        return out;
    }

    private static List<String> allWords(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w.length() > 64 ? w.substring(0, 64) : w);
            }
        }
        return out;
    }

    /** The {@code limit} best-matching posts with a positive score, best first, newer first on ties. */
    static List<Scored> rank(List<Post> candidates, String query, int limit) {
        List<String> terms = words(query).stream().limit(MAX_QUERY_WORDS).toList();
        List<Map<String, Integer>> weights = new ArrayList<>(candidates.size());
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (Post p : candidates) {
            Map<String, Integer> w = new HashMap<>();
            Map<String, Integer> title = frequencies(p.title());
            Map<String, Integer> description = frequencies(p.description());
            for (String t : terms) {
                int weight = 3 * title.getOrDefault(t, 0) + description.getOrDefault(t, 0)
                        + (p.tags().contains(t) || p.category().equals(t) ? 2 : 0);
                if (weight > 0) {
                    w.put(t, weight);
                    documentFrequency.merge(t, 1, Integer::sum);
                }
            }
            weights.add(w);
        }
        int n = candidates.size();
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double score = 0;
            for (Map.Entry<String, Integer> e : weights.get(i).entrySet()) {
                int df = documentFrequency.get(e.getKey());
                double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
                double tf = e.getValue();
                score += idf * tf * (K1 + 1) / (tf + K1);
            }
            if (score > 0) {
                scored.add(new Scored(candidates.get(i), Math.round(score * 10_000) / 10_000.0));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparing(s -> s.post().lamport(), Comparator.reverseOrder())
                .thenComparing(s -> s.post().postId(), Comparator.reverseOrder()));
        return scored.size() > limit ? scored.subList(0, limit) : scored;
    }
}

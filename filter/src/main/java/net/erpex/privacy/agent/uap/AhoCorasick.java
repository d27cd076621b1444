package net.erpex.privacy.agent.uap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;

/**
 * Finds which of a fixed set of strings (atoms) occur in a text, in one pass over the text: an Aho–Corasick
 * automaton compiled into a full transition table over the characters the atoms use, so each input character costs
 * one table lookup.
 *
 * <p>Input is read through {@link Folding} (ASCII letters in lower case; KELVIN SIGN and LONG S as {@code k} and
 * {@code s}; other non-ASCII and control characters match no atom), the atoms are stored folded. Each state that ends atoms lists all of them
 * (its own and those of its suffixes) and is reported at most once per scan, so a scan costs O(text + atoms)
 * whatever the text repeats.
 */
public final class AhoCorasick {

    private final int alphabet;
    private final byte[] classOf = new byte[128];
    private final int[] next;
    // For each state: the index of its output list in `outputs`, or -1 when it ends no atom.
    private final int[] outputIndex;
    private final int[][] outputs;
    private final int atomCount;

    /**
     * Compiles the automaton.
     *
     * @param atoms distinct, non-empty, folded strings of printable ASCII (lower-case letters, no control
     *              characters); an atom's number is its index
     * @throws IllegalArgumentException if an atom is not folded
     */
    public AhoCorasick(List<String> atoms) {
        this.atomCount = atoms.size();
        int classes = 1; // class 0: every character no atom uses
        for (String atom : atoms) {
            for (int i = 0; i < atom.length(); i++) {
                char c = atom.charAt(i);
                if (c == Folding.NONE || c >= 128 || Folding.fold(c) != c) {
                    throw new IllegalArgumentException("atom not folded: " + atom);
                }
                if (classOf[c] == 0) {
                    classOf[c] = (byte) classes++;
                }
            }
        }
        if (classes > 127) {
            throw new IllegalStateException("too many distinct characters in atoms: " + classes);
        }
        this.alphabet = classes;

        // The trie, with a growable table; goto[-1] means no edge yet.
        List<int[]> edges = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        edges.add(newRow(classes));
        ends.add(new ArrayList<>());
        for (int id = 0; id < atoms.size(); id++) {
            String atom = atoms.get(id);
            int state = 0;
            for (int i = 0; i < atom.length(); i++) {
                int cls = classOf[atom.charAt(i)];
                if (edges.get(state)[cls] < 0) {
                    edges.get(state)[cls] = edges.size();
                    edges.add(newRow(classes));
                    ends.add(new ArrayList<>());
                }
                state = edges.get(state)[cls];
            }
            ends.get(state).add(id);
        }

        // Breadth first: failure links, then every missing edge filled from the failure state's edge.
        int states = edges.size();
        int[] fail = new int[states];
        int[] table = new int[states * classes];
        List<List<Integer>> all = new ArrayList<>(ends);
        Queue<Integer> queue = new ArrayDeque<>();
        for (int cls = 0; cls < classes; cls++) {
            int child = edges.get(0)[cls];
            table[cls] = child < 0 ? 0 : child;
            if (child > 0) {
                fail[child] = 0;
                queue.add(child);
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.remove();
            List<Integer> merged = new ArrayList<>(ends.get(state));
            merged.addAll(all.get(fail[state]));
            all.set(state, merged);
            for (int cls = 0; cls < classes; cls++) {
                int child = edges.get(state)[cls];
                if (child < 0) {
                    table[state * classes + cls] = table[fail[state] * classes + cls];
                } else {
                    fail[child] = table[fail[state] * classes + cls];
                    table[state * classes + cls] = child;
                    queue.add(child);
                }
            }
        }
        this.next = table;
        this.outputIndex = new int[states];
        List<int[]> lists = new ArrayList<>();
        for (int state = 0; state < states; state++) {
            List<Integer> out = all.get(state);
            if (out.isEmpty()) {
                outputIndex[state] = -1;
            } else {
                outputIndex[state] = lists.size();
                lists.add(out.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        this.outputs = lists.toArray(new int[0][]);
    }

    private static int[] newRow(int classes) {
        int[] row = new int[classes];
        Arrays.fill(row, -1);
        return row;
    }

    /** How many atoms the automaton looks for; their numbers are 0 to this minus one. */
    public int atomCount() {
        return atomCount;
    }

    /** The number of states, for tests and sizing. */
    int stateCount() {
        return outputIndex.length;
    }

    /**
     * The atoms that occur in {@code text}, as a bit set indexed by atom number ({@code (bits[a >>> 6] >>> a) & 1}).
     */
    public long[] scan(CharSequence text) {
        long[] seen = new long[(atomCount + 63) >>> 6];
        long[] reported = new long[(outputs.length + 63) >>> 6];
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = Folding.fold(text.charAt(i));
            state = next[state * alphabet + classOf[c]];
            int out = outputIndex[state];
            if (out >= 0 && (reported[out >>> 6] & (1L << out)) == 0) {
                reported[out >>> 6] |= 1L << out;
                for (int atom : outputs[out]) {
                    seen[atom >>> 6] |= 1L << atom;
                }
            }
        }
        return seen;
    }
}

package net.erpex.privacy.geoip;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary search tree of an IPv6 MaxMind DB, built as a trie of networks and serialised with the
 * data section it points into.
 *
 * <p>Each trie slot holds nothing, a {@link Node}, or a {@link Leaf}. Networks may not overlap, so a
 * leaf never has networks below it and lookups never have to choose between two answers.
 */
final class SearchTree {

    /** Where IPv4-mapped addresses live; it shares the IPv4 subtree of {@code ::/96} (see {@link #aliasIpv4}). */
    static final Cidr IPV4_MAPPED = Cidr.parse("::ffff:0:0/96");
    private static final int IPV4_SUBTREE_DEPTH = 96;
    /** Passed to {@link #serialise} to get the smallest record size that fits. */
    static final int SMALLEST_RECORD_SIZE = 0;
    private static final int DATA_SECTION_SEPARATOR = 16;

    private static final class Node {
        final Object[] children = new Object[2];
    }

    private record Leaf(Cidr network, ByteBuffer data) {
    }

    /** The serialised tree and data section, and the figures the metadata needs. */
    record Serialised(byte[] tree, byte[] dataSection, int nodeCount, int recordSize) {
    }

    private final Node root = new Node();

    /**
     * Adds {@code network} with its encoded data record.
     *
     * @throws IllegalArgumentException if the network overlaps one inserted before or the IPv4-mapped range
     */
    void insert(Cidr network, byte[] data) {
        // Also keeps ::/0 out, so every network has at least one bit and the root stays a node.
        if (network.overlaps(IPV4_MAPPED)) {
            throw new IllegalArgumentException("network '" + network + "' overlaps " + IPV4_MAPPED + ", which this"
                    + " writer fills as an alias of the IPv4 networks; insert IPv4 networks as a.b.c.d/n");
        }
        Node node = root;
        int last = network.prefixLength() - 1;
        for (int depth = 0; depth < last; depth++) {
            int bit = network.bit(depth);
            Object child = node.children[bit];
            if (child instanceof Leaf leaf) {
                throw overlap(network, leaf);
            }
            if (child == null) {
                child = new Node();
                node.children[bit] = child;
            }
            node = (Node) child;
        }
        Object existing = node.children[network.bit(last)];
        if (existing != null) {
            throw overlap(network, anyLeaf(existing));
        }
        node.children[network.bit(last)] = new Leaf(network, ByteBuffer.wrap(data.clone()));
    }

    private static IllegalArgumentException overlap(Cidr network, Leaf existing) {
        return new IllegalArgumentException("network '" + network + "' overlaps '" + existing.network()
                + "', inserted before; networks must not overlap");
    }

    private static Leaf anyLeaf(Object slot) {
        Object current = slot;
        while (current instanceof Node node) {
            current = node.children[0] != null ? node.children[0] : node.children[1];
        }
        return (Leaf) current;
    }

    /**
     * Points {@code ::ffff:0:0/96} at the IPv4 subtree under {@code ::/96}, so that a reader that
     * walks an IPv4-mapped address as 128 bits lands on the same record as the plain IPv4 address.
     * If an IPv6 network such as {@code ::/90} covers {@code ::/96}, its leaf is shared instead.
     * Idempotent; {@link #insert} keeps the alias range free, so the path never meets a leaf.
     */
    private void aliasIpv4() {
        Object ipv4Subtree = root;
        for (int depth = 0; depth < IPV4_SUBTREE_DEPTH && ipv4Subtree instanceof Node node; depth++) {
            ipv4Subtree = node.children[0];
        }
        if (ipv4Subtree == null) {
            return;
        }
        Node node = root;
        int last = IPV4_MAPPED.prefixLength() - 1;
        for (int depth = 0; depth < last; depth++) {
            int bit = IPV4_MAPPED.bit(depth);
            if (node.children[bit] == null) {
                node.children[bit] = new Node();
            }
            node = (Node) node.children[bit];
        }
        node.children[IPV4_MAPPED.bit(last)] = ipv4Subtree;
    }

    /**
     * Numbers the nodes breadth first from the root (node 0), lays out each distinct data record
     * once in the order first reached, and encodes every node with {@code requestedRecordSize}
     * bits per record, or with the smallest of 24, 28 and 32 that holds the largest pointer.
     *
     * @throws IllegalStateException if the largest pointer does not fit the requested size
     */
    Serialised serialise(int requestedRecordSize) {
        aliasIpv4();
        Map<Node, Integer> numbers = new IdentityHashMap<>();
        List<Node> order = new ArrayList<>();
        Map<ByteBuffer, Integer> dataOffsets = new LinkedHashMap<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Deque<Node> queue = new ArrayDeque<>();
        numbers.put(root, 0);
        queue.add(root);
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            order.add(node);
            for (Object child : node.children) {
                if (child instanceof Node next && !numbers.containsKey(next)) {
                    numbers.put(next, numbers.size());
                    queue.add(next);
                } else if (child instanceof Leaf leaf && !dataOffsets.containsKey(leaf.data())) {
                    dataOffsets.put(leaf.data(), data.size());
                    data.write(leaf.data().array(), 0, leaf.data().remaining());
                }
            }
        }
        int nodeCount = order.size();
        long largest = (long) nodeCount + DATA_SECTION_SEPARATOR + data.size();
        int recordSize = requestedRecordSize != SMALLEST_RECORD_SIZE ? requestedRecordSize
                : largest < (1L << 24) ? 24 : largest < (1L << 28) ? 28 : 32;
        if (largest >= (1L << recordSize)) {
            throw new IllegalStateException(nodeCount + " nodes and " + data.size() + " bytes of data do not fit "
                    + recordSize + "-bit records");
        }
        ByteArrayOutputStream tree = new ByteArrayOutputStream(nodeCount * recordSize / 4);
        for (Node node : order) {
            long left = recordValue(node.children[0], nodeCount, numbers, dataOffsets);
            long right = recordValue(node.children[1], nodeCount, numbers, dataOffsets);
            writeNode(tree, recordSize, left, right);
        }
        return new Serialised(tree.toByteArray(), data.toByteArray(), nodeCount, recordSize);
    }

    // Spec: a node number, node_count for "no data", or node_count + 16 + offset into the data section.
    private static long recordValue(Object slot, int nodeCount, Map<Node, Integer> numbers,
            Map<ByteBuffer, Integer> dataOffsets) {
        if (slot instanceof Node node) {
            return numbers.get(node);
        }
        if (slot instanceof Leaf leaf) {
            return (long) nodeCount + DATA_SECTION_SEPARATOR + dataOffsets.get(leaf.data());
        }
        return nodeCount;
    }

    private static void writeNode(ByteArrayOutputStream out, int recordSize, long left, long right) {
        switch (recordSize) {
            case 24 -> {
                writeBigEndian(out, left, 3);
                writeBigEndian(out, right, 3);
            }
            case 28 -> {
                // The top four bits of each record share the middle byte: left's high nibble, then right's.
                writeBigEndian(out, left & 0xFF_FFFF, 3);
                out.write((int) (((left >>> 24) & 0x0F) << 4 | ((right >>> 24) & 0x0F)));
                writeBigEndian(out, right & 0xFF_FFFF, 3);
            }
            default -> {
                writeBigEndian(out, left, 4);
                writeBigEndian(out, right, 4);
            }
        }
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }
}

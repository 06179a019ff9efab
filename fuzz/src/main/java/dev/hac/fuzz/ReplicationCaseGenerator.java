package dev.hac.fuzz;

import com.pholser.junit.quickcheck.generator.GenerationStatus;
import com.pholser.junit.quickcheck.generator.Generator;
import com.pholser.junit.quickcheck.random.SourceOfRandomness;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates {@link ReplicationCase}s: one or two small VMs (1-3 pages), up to 8 checkpoints with a few guest
 * writes each, and up to 5 mutations of the encoded stream, weighted towards the ones that get past the CRC
 * ({@code Resign}, reordering, replay, loss) because plain damage stops at the first check.
 */
public final class ReplicationCaseGenerator extends Generator<ReplicationCase> {

    public ReplicationCaseGenerator() {
        super(ReplicationCase.class);
    }

    @Override
    public ReplicationCase generate(final SourceOfRandomness r, final GenerationStatus status) {
        final List<Integer> pages = new ArrayList<>();
        final int vms = r.nextInt(1, 2);
        for (int i = 0; i < vms; i++) {
            pages.add(r.nextInt(1, 3));
        }
        final List<ReplicationCase.Epoch> epochs = new ArrayList<>();
        final int n = r.nextInt(1, 8);
        for (int i = 0; i < n; i++) {
            final List<ReplicationCase.Write> writes = new ArrayList<>();
            final int w = r.nextInt(0, 3);
            for (int j = 0; j < w; j++) {
                writes.add(new ReplicationCase.Write(r.nextInt(0, 3 * 4096), r.nextLong()));
            }
            epochs.add(new ReplicationCase.Epoch(r.nextInt(0, vms - 1), writes, r.nextInt(0, 3), r.nextInt(0, 3) == 0));
        }
        final List<ReplicationCase.Mutation> mutations = new ArrayList<>();
        final int m = r.nextInt(0, 5);
        for (int i = 0; i < m; i++) {
            mutations.add(mutation(r));
        }
        return new ReplicationCase(pages, epochs, mutations, r.nextBoolean());
    }

    private static ReplicationCase.Mutation mutation(final SourceOfRandomness r) {
        final int message = r.nextInt(0, 15);
        return switch (r.nextInt(0, 11)) {
            case 0 -> new ReplicationCase.FlipBit(message, r.nextInt(0, 8 * 12_400));
            case 1 -> new ReplicationCase.Truncate(message, r.nextInt(0, 12_400));
            case 2 -> new ReplicationCase.Drop(message);
            case 3 -> new ReplicationCase.Duplicate(message, r.nextInt(0, 15));
            case 4 -> new ReplicationCase.Swap(message, r.nextInt(0, 15));
            case 5 -> new ReplicationCase.SetLength(message, r.nextBoolean() ? r.nextInt() : r.nextInt(0, 13_000));
            case 6 -> new ReplicationCase.ForeignKey(message);
            case 7 -> new ReplicationCase.Garbage(r.nextInt(0, 15), r.nextBytes(r.nextInt(0, 64)));
            // Resign edits a header or body byte; the first 120 bytes hold every field but the pages.
            default -> new ReplicationCase.Resign(message, r.nextInt(0, r.nextBoolean() ? 120 : 12_400),
                    r.nextByte(Byte.MIN_VALUE, Byte.MAX_VALUE));
        };
    }
}

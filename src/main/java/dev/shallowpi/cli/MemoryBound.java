package dev.shallowpi.cli;

import dev.shallowpi.cost.TrainingMemory;
import dev.shallowpi.cost.Units;
import dev.shallowpi.ir.Graph;

import java.lang.management.ManagementFactory;

/** A batch size checked against this machine's memory before a batch is allocated. */
final class MemoryBound {
    private MemoryBound() {
    }

    static void check(Graph graph, int batchSize, String flag) {
        long need = TrainingMemory.floorBytes(graph, batchSize);
        long have = physicalMemory();
        if (need > have) {
            throw new UserError(flag + " " + batchSize + ": a batch of this model needs at least "
                    + Units.of(need, "B") + " for its values and gradients; this machine has " + Units.of(have, "B"));
        }
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}

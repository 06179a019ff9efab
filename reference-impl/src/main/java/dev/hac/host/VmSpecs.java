package dev.hac.host;

import dev.hac.wire.VmDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a list of VM specs: {@code id:workload:port[:ckpt|plain][:MiB][:timer|output]},
 * e.g. {@code c1:kv:7501}, {@code p1:bulk:7599:plain}, {@code big:bulk:7600:ckpt:64},
 * {@code c1:kv:7501:ckpt:4:timer}. Defaults: checkpointing, 4 MiB, the command's {@code --checkpoint} trigger.
 * VM i gets the MAC 02:48:41:43:00:(i+1).
 */
public final class VmSpecs {
    public static final long MAC_BASE = 0x02_48_41_43_00_00L;
    public static final List<String> DEFAULT = List.of("c1:kv:7501", "c2:kv:7502", "p1:bulk:7599:plain");

    private VmSpecs() {
    }

    /** @throws IllegalArgumentException naming the spec, its position in the list (from 1) and the wrong field */
    public static List<VmDescriptor> parse(final List<String> specs) {
        final List<VmDescriptor> out = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        final Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            final String spec = specs.get(i);
            final String where = "VM spec " + (i + 1) + " '" + spec + "'";
            final String[] f = spec.split(":");
            if (f.length < 3 || f.length > 6) {
                throw new IllegalArgumentException(where + ": expected id:workload:port[:ckpt|plain][:MiB][:timer|output]");
            }
            final String id = f[0];
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + ": VM id '" + id + "' appears twice");
            }
            if (!f[1].equals(KvService.NAME) && !f[1].equals(BulkSender.NAME)) {
                throw new IllegalArgumentException(where + ": workload '" + f[1] + "' is not kv or bulk");
            }
            final int port = number(where, "port", f[2], 1, 65535);
            if (f[1].equals(KvService.NAME) && !ports.add(port)) {
                throw new IllegalArgumentException(where + ": port " + port + " is already a service port");
            }
            boolean ckpt = true;
            if (f.length >= 4) {
                if (!f[3].equals("ckpt") && !f[3].equals("plain")) {
                    throw new IllegalArgumentException(where + ": fourth field '" + f[3] + "' is not ckpt or plain");
                }
                ckpt = f[3].equals("ckpt");
            }
            final int mib = f.length >= 5 ? number(where, "MiB", f[4], 1, 1024) : 4;
            if (f.length == 6 && CheckpointTrigger.of(f[5]) == null) {
                throw new IllegalArgumentException(where + ": sixth field '" + f[5] + "' is not timer or output");
            }
            out.add(new VmDescriptor(id, MAC_BASE + i + 1, ckpt, mib * 256, f[1], port));
        }
        return out;
    }

    /** The checkpoint triggers the specs name (their sixth field), by VM id; VMs without one are absent. */
    public static Map<String, CheckpointTrigger> triggers(final List<String> specs) {
        parse(specs);
        final Map<String, CheckpointTrigger> out = new HashMap<>();
        for (final String spec : specs) {
            final String[] f = spec.split(":");
            if (f.length == 6) {
                out.put(f[0], CheckpointTrigger.of(f[5]));
            }
        }
        return out;
    }

    private static int number(final String where, final String field, final String text, final int min, final int max) {
        try {
            final int n = Integer.parseInt(text);
            if (n < min || n > max) {
                throw new IllegalArgumentException(where + ": " + field + " " + n + " not in " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + field + " '" + text + "' is not a number", e);
        }
    }
}

package dev.hac.fencing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The witness's durable register: one file holding {@code generation holder}. A change is written to a
 * temporary file beside it, forced to disk, renamed over the register atomically and the directory forced,
 * all before the claimant hears the answer, so a witness that crashes and restarts never grants a generation
 * twice. Processes that share the file (a file witness on one machine or on shared storage) serialise their
 * compare-and-set through an exclusive lock on {@code FILE.lock}; threads of one JVM through a lock object
 * per file (a JVM cannot hold two locks on one file).
 */
public final class WitnessRegister {

    /** The register's contents. */
    public record Value(long generation, String holder) {
    }

    private static final ConcurrentHashMap<Path, Object> LOCAL = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final Object local;

    public WitnessRegister(final Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.local = LOCAL.computeIfAbsent(this.file, f -> new Object());
    }

    public Path file() {
        return file;
    }

    /** The contents; generation 0 with no holder when the file does not exist yet. */
    public Value read() throws IOException {
        synchronized (local) {
            try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = lock.lock()) {
                return load();
            }
        }
    }

    /** Compare-and-set as {@link Witness#claim} describes; the answer is durable when this returns. */
    public Witness.Answer claim(final long generation, final String claimant) throws IOException {
        if (claimant.isEmpty() || claimant.length() > 200 || claimant.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("claimant '" + claimant + "': 1..200 printable ASCII characters, no spaces");
        }
        synchronized (local) {
            try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = lock.lock()) {
                final Value v = load();
                if (v.generation() == generation) {
                    store(new Value(generation + 1, claimant));
                    return new Witness.Answer(Witness.Outcome.WON, generation + 1, claimant, false, "granted");
                }
                if (v.generation() == generation + 1 && v.holder().equals(claimant)) {
                    return new Witness.Answer(Witness.Outcome.WON, v.generation(), claimant, false, "granted before");
                }
                return new Witness.Answer(Witness.Outcome.LOST, v.generation(), v.holder(), false,
                        "the register holds generation " + v.generation() + " for " + v.holder());
            }
        }
    }

    private Value load() throws IOException {
        if (!Files.exists(file)) {
            return new Value(0, "");
        }
        final String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        final String[] parts = text.split(" ");
        try {
            if (parts.length == 2 && !parts[1].isEmpty()) {
                final long g = Long.parseLong(parts[0]);
                if (g >= 1) {
                    return new Value(g, parts[1]);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException(file + ": line 1: expected 'generation holder' (generation >= 1), found '" + text + "'");
    }

    private void store(final Value v) throws IOException {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((v.generation() + " " + v.holder() + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(file.getParent() + ": the file system cannot rename atomically; a witness needs it", e);
        }
        // The rename itself is durable only once the directory is.
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename is still atomic there.
        }
    }
}

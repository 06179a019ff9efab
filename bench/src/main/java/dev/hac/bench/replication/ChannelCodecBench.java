package dev.hac.bench.replication;

import dev.hac.wire.Message;
import dev.hac.wire.MessageDecoder;
import dev.hac.wire.MessageEncoder;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.SharedKey;
import dev.hac.wire.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import javax.crypto.Mac;

/**
 * The replication channel's cost per checkpoint on each side, wire version 2 (AES-256-GCM segments, the real
 * {@link MessageEncoder} and {@link MessageDecoder}) against version 1 restated here as the baseline: one
 * HMAC-SHA256 and one CRC32C over the whole message. Same pages, same run, medians of warmed-up repetitions.
 */
public final class ChannelCodecBench {

    /** Median milliseconds per checkpoint: sealing on the primary, opening on the secondary, per format. */
    public record Costs(int pages, double hmacSealMs, double hmacOpenMs, double gcmSealMs, double gcmOpenMs) {
    }

    private static final int WARMUP = 300;
    private static final int RUNS = 100;

    private ChannelCodecBench() {
    }

    public static Costs measure(final int pages) throws IOException {
        final SharedKey psk = new SharedKey(SharedKey.randomBytes(32));
        final int[] index = new int[pages];
        Arrays.setAll(index, i -> 2 * i);
        final byte[] data = SharedKey.randomBytes(pages * WireFormat.PAGE_SIZE);
        final Message.Checkpoint c = new Message.Checkpoint("big", 1, 0, 2 * pages, index, data);
        final Sink sink = new Sink(pages * WireFormat.PAGE_SIZE + (1 << 20));
        final MessageEncoder enc = new MessageEncoder(psk);
        final MessageDecoder dec = new MessageDecoder(psk, WireFormat.DEFAULT_MAX_LENGTH);
        final byte[] n = new byte[WireFormat.NONCE];
        enc.startSession(psk.sessionKeys(n, n), Message.Role.PRIMARY);
        dec.startSession(psk.sessionKeys(n, n), Message.Role.PRIMARY);
        final HmacBaseline v1 = new HmacBaseline(psk, pages);
        final long[] hs = new long[RUNS];
        final long[] ho = new long[RUNS];
        final long[] gs = new long[RUNS];
        final long[] go = new long[RUNS];
        for (int r = -WARMUP; r < RUNS; r++) {
            final long t0 = System.nanoTime();
            final int sealed = v1.seal(c);
            final long t1 = System.nanoTime();
            v1.open(sealed);
            final long t2 = System.nanoTime();
            sink.reset();
            enc.writeTo(c, sink);
            final long t3 = System.nanoTime();
            try {
                dec.read(new ByteArrayInputStream(sink.bytes, 0, sink.size));
            } catch (MessageRejected e) {
                throw new IllegalStateException("the decoder refused the encoder's message", e);
            }
            final long t4 = System.nanoTime();
            if (r >= 0) {
                hs[r] = t1 - t0;
                ho[r] = t2 - t1;
                gs[r] = t3 - t2;
                go[r] = t4 - t3;
            }
        }
        return new Costs(pages, median(hs), median(ho), median(gs), median(go));
    }

    private static double median(final long[] v) {
        final long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    /** An output stream into one reused array. */
    private static final class Sink extends OutputStream {
        final byte[] bytes;
        int size;

        Sink(final int capacity) {
            bytes = new byte[capacity];
        }

        void reset() {
            size = 0;
        }

        @Override
        public void write(final int b) {
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }

    /**
     * Wire version 1, the baseline: header, body, HMAC-SHA256 over header and body, CRC32C over all of it; the
     * receiver checks both over the whole message and copies the pages out, as version 1's decoder did.
     */
    static final class HmacBaseline {
        private final Mac mac;
        private final CRC32C crc = new CRC32C();
        private final byte[] wire;
        private final byte[] tag = new byte[32];

        HmacBaseline(final SharedKey psk, final int pages) {
            this.mac = psk.newMac();
            this.wire = new byte[pages * (WireFormat.PAGE_SIZE + 4) + 256];
        }

        int seal(final Message.Checkpoint c) {
            final ByteBuffer b = ByteBuffer.wrap(wire);
            b.putInt(0).putShort(WireFormat.MAGIC).put((byte) 1).put((byte) 2).putLong(1);
            b.putShort((short) 3).put(new byte[] {'b', 'i', 'g'}).putLong(c.epoch()).putLong(c.vmSeq())
                    .putInt(c.totalPages()).putInt(c.pageIndex().length);
            for (final int p : c.pageIndex()) {
                b.putInt(p);
            }
            b.put(c.pageData());
            final int macAt = b.position();
            mac.update(wire, 4, macAt - 4);
            try {
                mac.doFinal(wire, macAt);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            crc.reset();
            crc.update(wire, 4, macAt + 32 - 4);
            b.position(macAt + 32);
            b.putInt((int) crc.getValue());
            b.putInt(0, b.position() - 4);
            return b.position();
        }

        void open(final int length) {
            crc.reset();
            crc.update(wire, 4, length - 8);
            mac.update(wire, 4, length - 4 - 36);
            try {
                mac.doFinal(tag, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            if ((int) crc.getValue() != ByteBuffer.wrap(wire).getInt(length - 4)
                    || !Arrays.equals(tag, 0, 32, wire, length - 36, length - 4)) {
                throw new IllegalStateException("the baseline does not open what it sealed");
            }
            final int pagesAt = length - 36 - (wire.length - 256) / (WireFormat.PAGE_SIZE + 4) * WireFormat.PAGE_SIZE;
            sinkPages = Arrays.copyOfRange(wire, pagesAt, length - 36);
        }

        /** Keeps the copied pages observable so the JIT cannot drop the copy. */
        static volatile byte[] sinkPages;
    }
}

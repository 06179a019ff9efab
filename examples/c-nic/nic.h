/*
 * The NIC buffer engine, as SmartNIC firmware would hold it: one descriptor ring per virtual
 * function (VF), power-of-two sized and indexed by free-running 32-bit counters; frames of a
 * checkpointing VF are tagged with the VF's open epoch and held until the host releases
 * their epoch; a release moves an index and queues one descriptor run, never copies frames.
 * Two transmit classes: txHigh (released and checkpointing-class frames) and txNormal
 * (ordinary VMs), scheduled by strict priority or a bounded bypass.
 *
 * Everything is allocated by nic_init; the per-frame paths (buffer, release, transmit)
 * allocate nothing and report a full ring as a return value.
 */
#ifndef CNIC_NIC_H
#define CNIC_NIC_H

#include <stdint.h>

enum nic_policy { NIC_STRICT, NIC_BYPASS };
enum nic_overflow { NIC_BACKPRESSURE, NIC_DROP, NIC_EARLY };

/* What the NIC did with a frame a VF handed it. */
enum nic_verdict {
    NIC_BUFFERED,   /* held in the VF's ring under its open epoch */
    NIC_QUEUED,     /* straight to a transmit queue (ordinary VF, or buffering off) */
    NIC_DROPPED,    /* buffer limit reached, policy drop: counted, the frame is gone */
    NIC_STALLED,    /* buffer limit reached, policy backpressure or early: the VF must retry */
    NIC_RING_FULL   /* no descriptor free: the VF must retry (never within the model's bounds) */
};

/* A frame's descriptor in a VF ring: its number and the epoch it was sent in. */
struct nic_desc {
    uint32_t seq;
    uint32_t epoch;
};

/* An epoch the host sealed: its frames end just before ring index end. */
struct nic_seal {
    uint32_t epoch;
    uint32_t end;
};

/* One transmitted or queued frame as the scheduler hands it out. */
struct nic_frame {
    uint16_t vf;
    uint32_t seq;
};

/*
 * One VF's ring. Indices only grow (mod 2^32); slot = index & mask.
 *   [head, rel)  released: queued in txHigh, waiting for the scheduler
 *   [rel, tail)  buffered: held until their epoch is released
 */
struct nic_vf {
    int checkpointing;
    uint32_t cap;               /* buffer limit in frames (tail - rel) */
    uint32_t open_epoch;
    struct nic_desc *ring;
    uint32_t mask;
    uint32_t head, rel, tail;
    struct nic_seal *seals;     /* sealed, not yet released epochs, oldest first */
    uint32_t seal_mask, seal_head, seal_tail;
};

/* txHigh is a queue of descriptor runs: run i covers its VF's ring up to index end. */
struct nic_run {
    uint16_t vf;
    uint32_t end;
};

struct nic_counters {
    uint64_t buffered;
    uint64_t released;          /* frames moved from a buffer to txHigh */
    uint64_t releases;          /* release operations (each O(1) per sealed epoch) */
    uint64_t dropped_full;      /* policy drop, buffer at its limit */
    uint64_t stalled_full;      /* policy backpressure, buffer at its limit */
    uint64_t early_requests;    /* policy early, buffer at its limit: the host should checkpoint now */
    uint64_t ring_full;
    uint64_t sent_high;
    uint64_t sent_normal;
    uint64_t bypasses;          /* ordinary frames sent while txHigh waited (bypass policy) */
    uint64_t discarded;         /* frames lost with the NIC's contents (host crash) */
};

struct nic {
    int buffering;              /* checkpointing VFs' frames are held (protected mode) */
    enum nic_policy policy;
    uint32_t k;
    uint16_t nvf;
    struct nic_vf *vf;
    struct nic_run *runs;
    uint32_t run_mask, run_head, run_tail;
    struct nic_frame *normal;   /* txNormal ring */
    uint32_t normal_mask, normal_head, normal_tail;
    uint32_t high_streak;
    struct nic_counters count;
};

/*
 * Sets up a NIC with nvf VFs; checkpointing[i] says whether VF i is buffered. ring_order:
 * each ring holds 2^ring_order descriptors. Returns 0, or -1 when out of memory.
 */
int nic_init(struct nic *n, uint16_t nvf, const int *checkpointing, uint32_t cap, unsigned ring_order,
             enum nic_policy policy, uint32_t k, int buffering);
void nic_free(struct nic *n);

/* A VF hands over frame seq; overflow decides what a full buffer does. */
enum nic_verdict nic_send(struct nic *n, uint16_t vf, uint32_t seq, enum nic_overflow overflow);

/* Seals the VF's open epoch (later frames get the next one); returns it, or 0 when too many wait unreleased. */
uint32_t nic_seal(struct nic *n, uint16_t vf);

/* Releases the frames of every sealed epoch <= epoch to txHigh, in order; returns how many. */
uint32_t nic_release(struct nic *n, uint16_t vf, uint32_t epoch);

/* Releases everything buffered, VF by VF in the given order, and stops buffering. */
void nic_release_all(struct nic *n, const uint16_t *order, uint16_t count);

/* Puts one frame on the wire; returns 0 when both queues are empty. */
int nic_transmit(struct nic *n, struct nic_frame *out);

/* The host died: every ring and queue is lost (counted). */
void nic_discard(struct nic *n);

/* Frames waiting in txHigh and txNormal. */
uint32_t nic_queued(const struct nic *n);

/* Visits txHigh's frames in order; scratch holds n->nvf indices. */
typedef void (*nic_visit)(void *ctx, uint16_t vf, uint32_t seq);
void nic_each_high(const struct nic *n, uint32_t *scratch, nic_visit visit, void *ctx);

#endif

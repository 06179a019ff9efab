#include "nic.h"

#include <stdlib.h>
#include <string.h>

static uint32_t pow2_at_least(uint32_t x)
{
    uint32_t p = 1;
    while (p < x) {
        p <<= 1;
    }
    return p;
}

int nic_init(struct nic *n, uint16_t nvf, const int *checkpointing, uint32_t cap, unsigned ring_order,
             enum nic_policy policy, uint32_t k, int buffering)
{
    const uint32_t ring = 1u << ring_order;
    uint16_t i;
    memset(n, 0, sizeof *n);
    n->buffering = buffering;
    n->policy = policy;
    n->k = k;
    n->nvf = nvf;
    n->vf = calloc(nvf, sizeof *n->vf);
    /* At most one run per queued frame, and every queued frame sits in some ring. */
    n->run_mask = pow2_at_least((uint32_t) nvf * ring) - 1;
    n->runs = calloc((size_t) n->run_mask + 1, sizeof *n->runs);
    n->normal_mask = pow2_at_least((uint32_t) nvf * ring) - 1;
    n->normal = calloc((size_t) n->normal_mask + 1, sizeof *n->normal);
    if (n->vf == NULL || n->runs == NULL || n->normal == NULL) {
        nic_free(n);
        return -1;
    }
    for (i = 0; i < nvf; i++) {
        struct nic_vf *v = &n->vf[i];
        v->checkpointing = checkpointing[i];
        v->cap = cap;
        v->open_epoch = 1;
        v->mask = ring - 1;
        v->ring = calloc(ring, sizeof *v->ring);
        /* A seal never outlives its frames' slots, and an empty epoch still takes one. */
        v->seal_mask = ring - 1;
        v->seals = calloc(ring, sizeof *v->seals);
        if (v->ring == NULL || v->seals == NULL) {
            nic_free(n);
            return -1;
        }
    }
    return 0;
}

void nic_free(struct nic *n)
{
    uint16_t i;
    if (n->vf != NULL) {
        for (i = 0; i < n->nvf; i++) {
            free(n->vf[i].ring);
            free(n->vf[i].seals);
        }
    }
    free(n->vf);
    free(n->runs);
    free(n->normal);
    memset(n, 0, sizeof *n);
}

/* Queues [rel, to) of vf on txHigh: extends the last run when it is vf's, else adds one. */
static void queue_high(struct nic *n, uint16_t vf, uint32_t to)
{
    if (n->run_tail != n->run_head) {
        struct nic_run *last = &n->runs[(n->run_tail - 1) & n->run_mask];
        if (last->vf == vf) {
            last->end = to;
            return;
        }
    }
    n->runs[n->run_tail & n->run_mask].vf = vf;
    n->runs[n->run_tail & n->run_mask].end = to;
    n->run_tail++;
}

enum nic_verdict nic_send(struct nic *n, uint16_t vf, uint32_t seq, enum nic_overflow overflow)
{
    struct nic_vf *v = &n->vf[vf];
    if (!v->checkpointing) {
        if (n->normal_tail - n->normal_head > n->normal_mask) {
            n->count.ring_full++;
            return NIC_RING_FULL;
        }
        n->normal[n->normal_tail & n->normal_mask].vf = vf;
        n->normal[n->normal_tail & n->normal_mask].seq = seq;
        n->normal_tail++;
        return NIC_QUEUED;
    }
    if (n->buffering && v->tail - v->rel >= v->cap) {
        switch (overflow) {
        case NIC_DROP:
            n->count.dropped_full++;
            return NIC_DROPPED;
        case NIC_EARLY:
            n->count.early_requests++;
            return NIC_STALLED;
        default:
            n->count.stalled_full++;
            return NIC_STALLED;
        }
    }
    /* Unsigned difference: correct across the 2^32 wrap of the free-running indices. */
    if (v->tail - v->head > v->mask) {
        n->count.ring_full++;
        return NIC_RING_FULL;
    }
    v->ring[v->tail & v->mask].seq = seq;
    v->ring[v->tail & v->mask].epoch = v->open_epoch;
    v->tail++;
    if (n->buffering) {
        n->count.buffered++;
        return NIC_BUFFERED;
    }
    queue_high(n, vf, v->tail);
    v->rel = v->tail;
    return NIC_QUEUED;
}

uint32_t nic_seal(struct nic *n, uint16_t vf)
{
    struct nic_vf *v = &n->vf[vf];
    struct nic_seal *s = &v->seals[v->seal_tail & v->seal_mask];
    if (v->seal_tail - v->seal_head > v->seal_mask) {
        return 0;
    }
    s->epoch = v->open_epoch;
    s->end = v->tail;
    v->seal_tail++;
    return v->open_epoch++;
}

uint32_t nic_release(struct nic *n, uint16_t vf, uint32_t epoch)
{
    struct nic_vf *v = &n->vf[vf];
    uint32_t to = v->rel;
    uint32_t moved;
    while (v->seal_head != v->seal_tail && v->seals[v->seal_head & v->seal_mask].epoch <= epoch) {
        to = v->seals[v->seal_head & v->seal_mask].end;
        v->seal_head++;
    }
#ifdef RELEASE_OPEN_EPOCH
    /* The deliberate fault: the open epoch's frames go out too, before any checkpoint covers them. */
    to = v->tail;
    v->seal_head = v->seal_tail;
#endif
    moved = to - v->rel;
    if (moved > 0) {
        queue_high(n, vf, to);
        v->rel = to;
        n->count.released += moved;
    }
    n->count.releases++;
    return moved;
}

void nic_release_all(struct nic *n, const uint16_t *order, uint16_t count)
{
    uint16_t i;
    for (i = 0; i < count; i++) {
        struct nic_vf *v = &n->vf[order[i]];
        if (v->tail != v->rel) {
            n->count.released += v->tail - v->rel;
            queue_high(n, order[i], v->tail);
            v->rel = v->tail;
        }
        v->seal_head = v->seal_tail;
    }
    n->buffering = 0;
}

uint32_t nic_queued(const struct nic *n)
{
    uint32_t high = 0;
    uint16_t i;
    for (i = 0; i < n->nvf; i++) {
        high += n->vf[i].rel - n->vf[i].head;
    }
    return high + (n->normal_tail - n->normal_head);
}

int nic_transmit(struct nic *n, struct nic_frame *out)
{
    const int high_waits = n->run_head != n->run_tail;
    const int normal_waits = n->normal_head != n->normal_tail;
    int high_turn;
    if (!high_waits && !normal_waits) {
        return 0;
    }
    high_turn = high_waits && (n->policy == NIC_STRICT || !normal_waits || n->high_streak < n->k);
    if (high_turn) {
        struct nic_run *r = &n->runs[n->run_head & n->run_mask];
        struct nic_vf *v = &n->vf[r->vf];
        out->vf = r->vf;
        out->seq = v->ring[v->head & v->mask].seq;
        v->head++;
        if (v->head == r->end) {
            n->run_head++;
        }
        n->high_streak = n->policy == NIC_BYPASS && normal_waits ? n->high_streak + 1 : 0;
        n->count.sent_high++;
    } else {
        *out = n->normal[n->normal_head & n->normal_mask];
        n->normal_head++;
        if (high_waits) {
            n->count.bypasses++;
        }
        n->high_streak = 0;
        n->count.sent_normal++;
    }
    return 1;
}

void nic_discard(struct nic *n)
{
    uint16_t i;
    for (i = 0; i < n->nvf; i++) {
        struct nic_vf *v = &n->vf[i];
        n->count.discarded += v->tail - v->head;
        v->head = v->rel = v->tail;
        v->seal_head = v->seal_tail;
    }
    n->count.discarded += n->normal_tail - n->normal_head;
    n->normal_head = n->normal_tail;
    n->run_head = n->run_tail;
    n->high_streak = 0;
}

void nic_each_high(const struct nic *n, uint32_t *scratch, nic_visit visit, void *ctx)
{
    uint32_t r;
    uint16_t i;
    for (i = 0; i < n->nvf; i++) {
        scratch[i] = n->vf[i].head;
    }
    for (r = n->run_head; r != n->run_tail; r++) {
        const struct nic_run *run = &n->runs[r & n->run_mask];
        const struct nic_vf *v = &n->vf[run->vf];
        for (; scratch[run->vf] != run->end; scratch[run->vf]++) {
            visit(ctx, run->vf, v->ring[scratch[run->vf] & v->mask].seq);
        }
    }
}

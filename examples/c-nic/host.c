#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Descriptors per VF ring: twice the buffer limit, and at least far more than the model's bounded queues hold. */
static unsigned ring_order(uint32_t cap)
{
    unsigned order = 10;
    while ((1u << order) < 2 * cap) {
        order++;
    }
    return order;
}

int ha_init(struct ha *h, const struct ha_config *config, char *err, size_t errlen)
{
    int i;
    memset(h, 0, sizeof *h);
    h->config = *config;
    for (i = 0; i < config->nvm; i++) {
        memcpy(h->vm[i].id, config->id[i], HA_MAX_ID);
        h->vm[i].checkpointing = config->checkpointing[i];
        h->vm[i].epoch = 1;
    }
    h->primary_up = 1;
    h->secondary_up = 1;
    h->mode = HA_PROTECTED;
    h->ring = 1u << ring_order(config->cap);
    /* The HAC utility configures the NIC before any VM sends: which VFs buffer, their limit. */
    if (nic_init(&h->primary, (uint16_t) config->nvm, config->checkpointing, config->cap, ring_order(config->cap),
                 config->policy, config->k, 1) != 0
        || nic_init(&h->secondary, (uint16_t) config->nvm, config->checkpointing, config->cap, ring_order(config->cap),
                    config->policy, config->k, 0) != 0) {
        snprintf(err, errlen, "out of memory for the NIC rings");
        ha_free(h);
        return -1;
    }
    return 0;
}

void ha_free(struct ha *h)
{
    nic_free(&h->primary);
    nic_free(&h->secondary);
    free(h->wire);
    h->wire = NULL;
    h->wire_len = h->wire_cap = 0;
}

int ha_vm_index(const struct ha *h, const char *id)
{
    int i;
    for (i = 0; i < h->config.nvm; i++) {
        if (strcmp(h->vm[i].id, id) == 0) {
            return i;
        }
    }
    return -1;
}

const struct nic *ha_active_nic(const struct ha *h)
{
    return h->mode == HA_FAILEDOVER ? &h->secondary : &h->primary;
}

static int active_up(const struct ha *h)
{
    return h->mode == HA_FAILEDOVER ? h->secondary_up : h->primary_up;
}

static const struct ha_ckpt NONE = {0, 0};

static int none(struct ha_ckpt c)
{
    return c.epoch == 0 && c.seq == 0;
}

int ha_vm_emit(struct ha *h, int v, char *err, size_t errlen)
{
    struct ha_vm *vm = &h->vm[v];
    struct nic *nic;
    if (vm->checkpointing ? !active_up(h) : (!h->primary_up || h->mode == HA_FAILEDOVER)) {
        return 0; /* the VM's host is down, or an ordinary VM after failover: it was never replicated */
    }
    nic = h->mode == HA_FAILEDOVER ? &h->secondary : &h->primary;
    switch (nic_send(nic, (uint16_t) v, vm->seq + 1, h->config.overflow)) {
    case NIC_STALLED:
        return 0;
    case NIC_RING_FULL:
        snprintf(err, errlen, "VmEmit(%s): the NIC ring of %s is full (%u descriptors)", vm->id, vm->id, h->ring);
        return -1;
    default:
        vm->seq++; /* buffered, queued, or dropped (counted): either way the VM has sent it */
        return 1;
    }
}

int ha_start_checkpoint(struct ha *h, int v, char *err, size_t errlen)
{
    struct ha_vm *vm = &h->vm[v];
    uint32_t sealed;
    if (!h->primary_up || h->mode != HA_PROTECTED || !none(vm->inflight) || vm->acked != 0) {
        return 0;
    }
    /* Pause, seal the open epoch in the NIC, copy the dirty pages, resume: the copy is the frame count. */
    sealed = nic_seal(&h->primary, (uint16_t) v);
    if (sealed == 0) {
        snprintf(err, errlen, "HacStartCheckpoint(%s): %u sealed epochs wait unreleased, the NIC holds no more",
                 vm->id, h->ring);
        return -1;
    }
    vm->inflight.epoch = sealed;
    vm->inflight.seq = vm->seq;
    vm->epoch = sealed + 1;
    return 1;
}

int ha_secondary_apply(struct ha *h, int v)
{
    struct ha_vm *vm = &h->vm[v];
    if (!h->secondary_up || none(vm->inflight) || vm->committed.epoch >= vm->inflight.epoch) {
        return 0;
    }
    vm->committed = vm->inflight; /* applied whole */
    vm->acked = vm->inflight.epoch;
    return 1;
}

int ha_primary_receive_ack(struct ha *h, int v)
{
    struct ha_vm *vm = &h->vm[v];
    if (!h->primary_up || h->mode != HA_PROTECTED || vm->acked == 0) {
        return 0;
    }
    nic_release(&h->primary, (uint16_t) v, vm->acked);
    vm->inflight = NONE;
    vm->acked = 0;
    return 1;
}

int ha_abort_checkpoint(struct ha *h, int v)
{
    struct ha_vm *vm = &h->vm[v];
    if (!h->primary_up || h->mode != HA_PROTECTED || none(vm->inflight)) {
        return 0;
    }
    /* The frames stay buffered under their sealed epoch; a later commit covers them. */
    vm->inflight = NONE;
    vm->acked = 0;
    return 1;
}

int ha_nic_transmit(struct ha *h)
{
    struct nic_frame f;
    if (!active_up(h) || !nic_transmit(h->mode == HA_FAILEDOVER ? &h->secondary : &h->primary, &f)) {
        return 0;
    }
    if (h->wire_len == h->wire_cap) {
        const size_t cap = h->wire_cap == 0 ? 64 : 2 * h->wire_cap;
        struct nic_frame *w = realloc(h->wire, cap * sizeof *w);
        if (w == NULL) {
            fputs("c-nic: out of memory for the wire tap\n", stderr);
            exit(3);
        }
        h->wire = w;
        h->wire_cap = cap;
    }
    h->wire[h->wire_len++] = f;
    return 1;
}

static void forget_checkpoints(struct ha *h)
{
    int i;
    for (i = 0; i < h->config.nvm; i++) {
        h->vm[i].inflight = NONE;
        h->vm[i].acked = 0;
    }
}

int ha_primary_crash(struct ha *h)
{
    if (!h->primary_up || !h->secondary_up || h->mode != HA_PROTECTED) {
        return 0;
    }
    h->primary_up = 0;
    nic_discard(&h->primary);
    forget_checkpoints(h);
    return 1;
}

int ha_secondary_takeover(struct ha *h)
{
    int i;
    if (h->primary_up || !h->secondary_up || h->mode != HA_PROTECTED) {
        return 0;
    }
    /* Restore every checkpointing VM from its last applied checkpoint; ordinary VMs are gone. */
    for (i = 0; i < h->config.nvm; i++) {
        if (h->vm[i].checkpointing) {
            h->vm[i].seq = h->vm[i].committed.seq;
        }
    }
    h->mode = HA_FAILEDOVER;
    return 1;
}

int ha_secondary_crash(struct ha *h)
{
    if (!h->secondary_up || !h->primary_up || h->mode != HA_PROTECTED) {
        return 0;
    }
    h->secondary_up = 0;
    return 1;
}

int ha_primary_detect_secondary_loss(struct ha *h, const int *order, int count, char *err, size_t errlen)
{
    uint16_t vfs[HA_MAX_VMS];
    int seen[HA_MAX_VMS] = {0};
    int ckpt = 0;
    int i;
    for (i = 0; i < h->config.nvm; i++) {
        ckpt += h->vm[i].checkpointing;
    }
    for (i = 0; i < count; i++) {
        if (!h->vm[order[i]].checkpointing || seen[order[i]]++) {
            snprintf(err, errlen,
                     "PrimaryDetectSecondaryLoss: args.order[%d] = %s: not a checkpointing VM, or listed twice",
                     i, h->vm[order[i]].id);
            return -1;
        }
        vfs[i] = (uint16_t) order[i];
    }
    if (count != ckpt) {
        snprintf(err, errlen,
                 "PrimaryDetectSecondaryLoss: args.order lists %d VMs, expected every checkpointing VM (%d)",
                 count, ckpt);
        return -1;
    }
    if (!h->primary_up || h->secondary_up || h->mode != HA_PROTECTED) {
        return 0;
    }
    nic_release_all(&h->primary, vfs, (uint16_t) count);
    forget_checkpoints(h);
    h->mode = HA_UNPROTECTED;
    return 1;
}

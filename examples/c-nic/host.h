/*
 * The host side: the HAC utility on the primary (epochs, the checkpoint in flight, the
 * acknowledgement to act on), the secondary's applied checkpoints, failure handling, and the
 * two NICs (the primary's; the secondary's, which takes over the VMs' MACs after a
 * failover). One call per abstract action of spec/tla/OutputCommit.tla, with its enabling
 * condition: 1 = performed, 0 = not enabled now (nothing changed), -1 = failed (err says why).
 */
#ifndef CNIC_HOST_H
#define CNIC_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "nic.h"

#define HA_MAX_VMS 64
#define HA_MAX_ID 64

enum ha_mode { HA_PROTECTED, HA_UNPROTECTED, HA_FAILEDOVER };

/* A checkpoint: the epoch it sealed and the VM state (frames emitted) it carries; {0, 0} = none. */
struct ha_ckpt {
    uint32_t epoch;
    uint32_t seq;
};

struct ha_vm {
    char id[HA_MAX_ID];
    int checkpointing;
    uint32_t seq;               /* frames emitted so far: the VM's state */
    uint32_t epoch;             /* the utility's open epoch, mirrored by the NIC's tag */
    struct ha_ckpt inflight;    /* in transfer to the secondary */
    uint32_t acked;             /* acknowledged epoch not yet acted on; 0 = none */
    struct ha_ckpt committed;   /* the secondary's last applied checkpoint */
};

struct ha_config {
    int nvm;                    /* checkpointing VMs first */
    char id[HA_MAX_VMS][HA_MAX_ID];
    int checkpointing[HA_MAX_VMS];
    uint32_t cap;
    enum nic_policy policy;
    uint32_t k;
    enum nic_overflow overflow;
};

struct ha {
    struct ha_config config;
    struct ha_vm vm[HA_MAX_VMS];
    int primary_up;
    int secondary_up;
    enum ha_mode mode;
    uint32_t ring;              /* descriptors per VF ring */
    struct nic primary;
    struct nic secondary;
    struct nic_frame *wire;     /* what the outside world has seen (a tap, not part of the NIC) */
    size_t wire_len;
    size_t wire_cap;
};

int ha_init(struct ha *h, const struct ha_config *config, char *err, size_t errlen);
void ha_free(struct ha *h);

/* The VM's index (= its VF number), or -1. */
int ha_vm_index(const struct ha *h, const char *id);
/* The NIC whose queues face the wire: the secondary's after a failover. */
const struct nic *ha_active_nic(const struct ha *h);

int ha_vm_emit(struct ha *h, int v, char *err, size_t errlen);
int ha_start_checkpoint(struct ha *h, int v, char *err, size_t errlen);
int ha_secondary_apply(struct ha *h, int v);
int ha_primary_receive_ack(struct ha *h, int v);
int ha_abort_checkpoint(struct ha *h, int v);
int ha_nic_transmit(struct ha *h);
int ha_primary_crash(struct ha *h);
int ha_secondary_takeover(struct ha *h);
int ha_secondary_crash(struct ha *h);
/* order: every checkpointing VM once, the order in which their buffers drain. */
int ha_primary_detect_secondary_loss(struct ha *h, const int *order, int count, char *err, size_t errlen);

#endif

/*
 * c-nic: the conformance protocol of conformance/ADAPTERS.md on stdin/stdout. One request
 * object per line in, one reply per line out, in order, until stdin closes:
 *   {"op":"reset","params":P}                  -> {"ok":true}
 *   {"op":"apply","action":NAME,"args":A}      -> {"ok":true,"applied":true|false}
 *   {"op":"observe"}                           -> {"ok":true,"state":S}
 * and {"ok":false,"error":"..."} for anything it cannot do. Diagnostics go to stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "json.h"

#define MAX_LINE (1u << 20)

static struct ha ha;
static int configured;
static struct nic_counters totals;
static struct json_writer out;
static char err[512];

static void add_counters(const struct nic_counters *c)
{
    totals.buffered += c->buffered;
    totals.released += c->released;
    totals.releases += c->releases;
    totals.dropped_full += c->dropped_full;
    totals.stalled_full += c->stalled_full;
    totals.early_requests += c->early_requests;
    totals.ring_full += c->ring_full;
    totals.sent_high += c->sent_high;
    totals.sent_normal += c->sent_normal;
    totals.bypasses += c->bypasses;
    totals.discarded += c->discarded;
}

static void reply(void)
{
    fputs(out.buf, stdout);
    fputc('\n', stdout);
    /* The driver waits for each reply before the next request: never leave one in the buffer. */
    fflush(stdout);
}

static void reply_error(const char *message)
{
    jw_reset(&out);
    jw_raw(&out, "{\"ok\":false,\"error\":");
    jw_string(&out, message);
    jw_raw(&out, "}");
    reply();
}

static void reply_raw(const char *json)
{
    jw_reset(&out);
    jw_raw(&out, json);
    reply();
}

/* ---- reset ---------------------------------------------------------------------------- */

static int vm_set(const struct json *params, const char *name, int checkpointing, struct ha_config *c)
{
    const struct json *set = json_member(params, name);
    const struct json *members = json_member(set, "#set");
    const struct json *m;
    int i;
    if (members == NULL || members->type != JSON_ARRAY) {
        snprintf(err, sizeof err, "reset: params.%s: expected a set of VM ids ({\"#set\": [...]}), found %s", name,
                 json_kind(set));
        return -1;
    }
    for (m = members->child, i = 0; m != NULL; m = m->next, i++) {
        int j;
        if (m->type != JSON_STRING || m->text[0] == '\0' || strlen(m->text) >= HA_MAX_ID) {
            snprintf(err, sizeof err, "reset: params.%s[%d]: expected a VM id (1 to %d characters), found %s", name, i,
                     HA_MAX_ID - 1, json_kind(m));
            return -1;
        }
        for (j = 0; j < c->nvm; j++) {
            if (strcmp(c->id[j], m->text) == 0) {
                snprintf(err, sizeof err, "reset: params.%s: VM \"%s\" appears twice (a VM is either checkpointing "
                         "or plain)", name, m->text);
                return -1;
            }
        }
        if (c->nvm == HA_MAX_VMS) {
            snprintf(err, sizeof err, "reset: params.%s: more than %d VMs in all", name, HA_MAX_VMS);
            return -1;
        }
        strcpy(c->id[c->nvm], m->text);
        c->checkpointing[c->nvm++] = checkpointing;
    }
    return 0;
}

static int positive(const struct json *params, const char *name, long long max, uint32_t *outv)
{
    long long v;
    const struct json *p = json_member(params, name);
    if (!json_itf_integer(p, &v)) {
        snprintf(err, sizeof err, "reset: params.%s: expected an integer from 1 to %lld, found %s", name, max,
                 json_kind(p));
        return -1;
    }
    if (v < 1 || v > max) {
        snprintf(err, sizeof err, "reset: params.%s: expected an integer from 1 to %lld, found %lld", name, max, v);
        return -1;
    }
    *outv = (uint32_t) v;
    return 0;
}

static int choice(const struct json *params, const char *name, const char *const *words, int n)
{
    const struct json *p = json_member(params, name);
    int i;
    if (p != NULL && p->type == JSON_STRING) {
        for (i = 0; i < n; i++) {
            if (strcmp(p->text, words[i]) == 0) {
                return i;
            }
        }
    }
    snprintf(err, sizeof err, "reset: params.%s: expected one of", name);
    for (i = 0; i < n; i++) {
        snprintf(err + strlen(err), sizeof err - strlen(err), " \"%s\"", words[i]);
    }
    snprintf(err + strlen(err), sizeof err - strlen(err), ", found %s%s%s%s", json_kind(p),
             p != NULL && p->type == JSON_STRING ? " \"" : "", p != NULL && p->type == JSON_STRING ? p->text : "",
             p != NULL && p->type == JSON_STRING ? "\"" : "");
    return -1;
}

static void reset(const struct json *request)
{
    static const char *const policies[] = {"strict", "bypass"};
    static const char *const overflows[] = {"backpressure", "drop", "early"};
    const struct json *params = json_member(request, "params");
    struct ha_config c;
    int policy;
    int overflow;
    memset(&c, 0, sizeof c);
    if (params == NULL || params->type != JSON_OBJECT) {
        snprintf(err, sizeof err, "reset: params: expected an object of the model's constants, found %s",
                 json_kind(params));
        reply_error(err);
        return;
    }
    if (vm_set(params, "CkptVMs", 1, &c) != 0 || vm_set(params, "PlainVMs", 0, &c) != 0
        || positive(params, "Cap", 4096, &c.cap) != 0 || positive(params, "K", 1L << 30, &c.k) != 0
        || (policy = choice(params, "Policy", policies, 2)) < 0
        || (overflow = choice(params, "Overflow", overflows, 3)) < 0) {
        reply_error(err);
        return;
    }
    if (c.nvm == 0 || !c.checkpointing[0]) {
        reply_error("reset: params.CkptVMs: expected at least one checkpointing VM, found an empty set");
        return;
    }
    c.policy = policy == 0 ? NIC_STRICT : NIC_BYPASS;
    c.overflow = overflow == 0 ? NIC_BACKPRESSURE : overflow == 1 ? NIC_DROP : NIC_EARLY;
    if (configured) {
        add_counters(&ha.primary.count);
        add_counters(&ha.secondary.count);
        ha_free(&ha);
        configured = 0;
    }
    if (ha_init(&ha, &c, err, sizeof err) != 0) {
        reply_error(err);
        return;
    }
    configured = 1;
    reply_raw("{\"ok\":true}");
}

/* ---- apply ---------------------------------------------------------------------------- */

enum arg { NO_ARG, ANY_VM, CKPT_VM, ORDER };

/* An action's arguments, decoded. */
struct call {
    int v;
    const int *order;
    int n;
};

static int do_emit(const struct call *c) { return ha_vm_emit(&ha, c->v, err, sizeof err); }
static int do_start(const struct call *c) { return ha_start_checkpoint(&ha, c->v, err, sizeof err); }
static int do_apply(const struct call *c) { return ha_secondary_apply(&ha, c->v); }
static int do_ack(const struct call *c) { return ha_primary_receive_ack(&ha, c->v); }
static int do_abort(const struct call *c) { return ha_abort_checkpoint(&ha, c->v); }
static int do_transmit(const struct call *c) { (void) c; return ha_nic_transmit(&ha); }
static int do_crash(const struct call *c) { (void) c; return ha_primary_crash(&ha); }
static int do_takeover(const struct call *c) { (void) c; return ha_secondary_takeover(&ha); }
static int do_secondary_crash(const struct call *c) { (void) c; return ha_secondary_crash(&ha); }
static int do_detect(const struct call *c)
{
    return ha_primary_detect_secondary_loss(&ha, c->order, c->n, err, sizeof err);
}

static const struct {
    const char *name;
    enum arg arg;
    int (*run)(const struct call *c);
} ACTIONS[] = {
    {"VmEmit", ANY_VM, do_emit},
    {"HacStartCheckpoint", CKPT_VM, do_start},
    {"SecondaryApply", CKPT_VM, do_apply},
    {"PrimaryReceiveAck", CKPT_VM, do_ack},
    {"HacAbortCheckpoint", CKPT_VM, do_abort},
    {"NicTransmit", NO_ARG, do_transmit},
    {"PrimaryCrash", NO_ARG, do_crash},
    {"SecondaryTakeover", NO_ARG, do_takeover},
    {"SecondaryCrash", NO_ARG, do_secondary_crash},
    {"PrimaryDetectSecondaryLoss", ORDER, do_detect},
};
#define NACTIONS ((int) (sizeof ACTIONS / sizeof ACTIONS[0]))

static int vm_arg(const char *action, const struct json *args, int checkpointing)
{
    const struct json *v = json_member(args, "v");
    const int i = v != NULL && v->type == JSON_STRING ? ha_vm_index(&ha, v->text) : -1;
    if (i < 0 || (checkpointing && !ha.vm[i].checkpointing)) {
        const char *set = checkpointing ? "CkptVMs" : "CkptVMs or PlainVMs";
        if (v != NULL && v->type == JSON_STRING) {
            snprintf(err, sizeof err, "apply %s: args.v: expected a VM id of %s, found \"%.64s\"", action, set,
                     v->text);
        } else {
            snprintf(err, sizeof err, "apply %s: args.v: expected a VM id of %s, found %s", action, set, json_kind(v));
        }
        return -1;
    }
    return i;
}

static int order_arg(const struct json *args, int *order)
{
    const struct json *o = json_member(args, "order");
    const struct json *m;
    int n = 0;
    if (o == NULL || o->type != JSON_ARRAY) {
        snprintf(err, sizeof err, "apply PrimaryDetectSecondaryLoss: args.order: expected a list of VM ids, found %s",
                 json_kind(o));
        return -1;
    }
    for (m = o->child; m != NULL; m = m->next, n++) {
        const int i = m->type == JSON_STRING ? ha_vm_index(&ha, m->text) : -1;
        if (i < 0 || n == HA_MAX_VMS) {
            snprintf(err, sizeof err, "apply PrimaryDetectSecondaryLoss: args.order[%d]: expected a VM id, found %s",
                     n, json_kind(m));
            return -1;
        }
        order[n] = i;
    }
    return n;
}

static void apply(const struct json *request)
{
    const struct json *action = json_member(request, "action");
    const struct json *args = json_member(request, "args");
    int a;
    int v = -1;
    int order[HA_MAX_VMS];
    int n = 0;
    struct call call;
    int done;
    if (!configured) {
        reply_error("apply: no configuration yet: send reset first");
        return;
    }
    if (action == NULL || action->type != JSON_STRING) {
        snprintf(err, sizeof err, "apply: action: expected an action name, found %s", json_kind(action));
        reply_error(err);
        return;
    }
    for (a = 0; a < NACTIONS && strcmp(ACTIONS[a].name, action->text) != 0; a++) {
    }
    if (a == NACTIONS) {
        snprintf(err, sizeof err, "apply: action: unknown action \"%.64s\" (one of VmEmit, HacStartCheckpoint, "
                 "SecondaryApply, PrimaryReceiveAck, HacAbortCheckpoint, NicTransmit, PrimaryCrash, SecondaryTakeover, "
                 "SecondaryCrash, PrimaryDetectSecondaryLoss)", action->text);
        reply_error(err);
        return;
    }
    if (args == NULL || args->type != JSON_OBJECT) {
        snprintf(err, sizeof err, "apply %s: args: expected an object, found %s", action->text, json_kind(args));
        reply_error(err);
        return;
    }
    if ((ACTIONS[a].arg == ANY_VM || ACTIONS[a].arg == CKPT_VM)
        && (v = vm_arg(action->text, args, ACTIONS[a].arg == CKPT_VM)) < 0) {
        reply_error(err);
        return;
    }
    if (ACTIONS[a].arg == ORDER && (n = order_arg(args, order)) < 0) {
        reply_error(err);
        return;
    }
    call.v = v;
    call.order = order;
    call.n = n;
    done = ACTIONS[a].run(&call);
    if (done < 0) {
        reply_error(err);
        return;
    }
    reply_raw(done ? "{\"ok\":true,\"applied\":true}" : "{\"ok\":true,\"applied\":false}");
}

/* ---- observe: the 13 variables in ITF (functions over VMs as #map) --------------------- */

static void record(const char *a, uint32_t x, const char *b, uint32_t y)
{
    jw_raw(&out, "{\"");
    jw_raw(&out, a);
    jw_raw(&out, "\":");
    jw_integer(&out, x);
    jw_raw(&out, ",\"");
    jw_raw(&out, b);
    jw_raw(&out, "\":");
    jw_integer(&out, y);
    jw_raw(&out, "}");
}

static void tx_frame(int vf, uint32_t seq)
{
    jw_raw(&out, "{\"vm\":");
    jw_string(&out, ha.vm[vf].id);
    jw_raw(&out, ",\"seq\":");
    jw_integer(&out, seq);
    jw_raw(&out, "}");
}

static int first_in_list;

static void high_frame(void *ctx, uint16_t vf, uint32_t seq)
{
    (void) ctx;
    if (!first_in_list) {
        jw_raw(&out, ",");
    }
    first_in_list = 0;
    tx_frame(vf, seq);
}

enum per_vm { VM_SEQ, EPOCH, INFLIGHT, COMMITTED, ACKED, BUF };

static void function(const char *name, enum per_vm what)
{
    const struct nic *nic = ha_active_nic(&ha);
    int i;
    int first = 1;
    jw_raw(&out, ",\"");
    jw_raw(&out, name);
    jw_raw(&out, "\":{\"#map\":[");
    for (i = 0; i < ha.config.nvm; i++) {
        const struct ha_vm *vm = &ha.vm[i];
        if (what != VM_SEQ && !vm->checkpointing) {
            continue;
        }
        jw_raw(&out, first ? "[" : ",[");
        first = 0;
        jw_string(&out, vm->id);
        jw_raw(&out, ",");
        switch (what) {
        case VM_SEQ: jw_integer(&out, vm->seq); break;
        case EPOCH: jw_integer(&out, vm->epoch); break;
        case INFLIGHT: record("epoch", vm->inflight.epoch, "seq", vm->inflight.seq); break;
        case COMMITTED: record("epoch", vm->committed.epoch, "seq", vm->committed.seq); break;
        case ACKED: jw_integer(&out, vm->acked); break;
        default: {
            const struct nic_vf *q = &nic->vf[i];
            uint32_t x;
            jw_raw(&out, "[");
            for (x = q->rel; x != q->tail; x++) {
                if (x != q->rel) {
                    jw_raw(&out, ",");
                }
                record("seq", q->ring[x & q->mask].seq, "epoch", q->ring[x & q->mask].epoch);
            }
            jw_raw(&out, "]");
        }
        }
        jw_raw(&out, "]");
    }
    jw_raw(&out, "]}");
}

static void observe(void)
{
    static const char *const modes[] = {"protected", "unprotected", "failedover"};
    const struct nic *nic = ha_active_nic(&ha);
    uint32_t scratch[HA_MAX_VMS];
    uint32_t x;
    size_t w;
    if (!configured) {
        reply_error("observe: no configuration yet: send reset first");
        return;
    }
    jw_reset(&out);
    jw_raw(&out, "{\"ok\":true,\"state\":{\"primaryUp\":");
    jw_raw(&out, ha.primary_up ? "true" : "false");
    jw_raw(&out, ",\"secondaryUp\":");
    jw_raw(&out, ha.secondary_up ? "true" : "false");
    jw_raw(&out, ",\"mode\":");
    jw_string(&out, modes[ha.mode]);
    function("vmSeq", VM_SEQ);
    function("epoch", EPOCH);
    function("inflight", INFLIGHT);
    function("committed", COMMITTED);
    function("acked", ACKED);
    function("buf", BUF);
    jw_raw(&out, ",\"txHigh\":[");
    first_in_list = 1;
    nic_each_high(nic, scratch, high_frame, NULL);
    jw_raw(&out, "],\"txNormal\":[");
    for (x = nic->normal_head; x != nic->normal_tail; x++) {
        if (x != nic->normal_head) {
            jw_raw(&out, ",");
        }
        tx_frame(nic->normal[x & nic->normal_mask].vf, nic->normal[x & nic->normal_mask].seq);
    }
    jw_raw(&out, "],\"wire\":[");
    for (w = 0; w < ha.wire_len; w++) {
        if (w > 0) {
            jw_raw(&out, ",");
        }
        tx_frame(ha.wire[w].vf, ha.wire[w].seq);
    }
    jw_raw(&out, "],\"highStreak\":");
    jw_integer(&out, nic->high_streak);
    jw_raw(&out, "}}");
    reply();
}

/* ---- the loop ------------------------------------------------------------------------- */

/* Reads one line without its end; returns its length, -1 at end of input, -2 when longer than MAX_LINE. */
static long read_line(char **buf, size_t *cap)
{
    size_t len = 0;
    int c;
    int too_long = 0;
    while ((c = getchar()) != EOF && c != '\n') {
        if (len + 1 >= MAX_LINE) {
            too_long = 1;
            continue;
        }
        if (len + 2 > *cap) {
            char *b = realloc(*buf, *cap == 0 ? 4096 : 2 * *cap);
            if (b == NULL) {
                fputs("c-nic: out of memory\n", stderr);
                exit(3);
            }
            *buf = b;
            *cap = *cap == 0 ? 4096 : 2 * *cap;
        }
        (*buf)[len++] = (char) c;
    }
    if (c == EOF && len == 0 && !too_long) {
        return -1;
    }
    if (len > 0 && (*buf)[len - 1] == '\r') {
        len--;
    }
    return too_long ? -2 : (long) len;
}

int main(void)
{
    struct json_reader reader;
    char *line = NULL;
    size_t cap = 0;
    long len;
    unsigned long requests = 0;
    memset(&reader, 0, sizeof reader);
    while ((len = read_line(&line, &cap)) != -1) {
        const struct json *request;
        const struct json *op;
        requests++;
        if (len == -2) {
            snprintf(err, sizeof err, "request %lu: longer than %u bytes", requests, MAX_LINE);
            reply_error(err);
            continue;
        }
        request = json_parse(&reader, line, (size_t) len);
        if (request == NULL) {
            char message[300];
            snprintf(message, sizeof message, "request %lu: %s", requests, reader.error);
            reply_error(message);
            continue;
        }
        op = json_member(request, "op");
        if (op == NULL || op->type != JSON_STRING) {
            snprintf(err, sizeof err, "request %lu: op: expected \"reset\", \"apply\" or \"observe\", found %s",
                     requests, request->type == JSON_OBJECT ? json_kind(op) : json_kind(request));
            reply_error(err);
        } else if (strcmp(op->text, "reset") == 0) {
            reset(request);
        } else if (strcmp(op->text, "apply") == 0) {
            apply(request);
        } else if (strcmp(op->text, "observe") == 0) {
            observe();
        } else {
            snprintf(err, sizeof err, "request %lu: op: expected \"reset\", \"apply\" or \"observe\", found \"%.64s\"",
                     requests, op->text);
            reply_error(err);
        }
    }
    if (configured) {
        add_counters(&ha.primary.count);
        add_counters(&ha.secondary.count);
        ha_free(&ha);
    }
    fprintf(stderr, "c-nic: %lu requests; frames buffered %llu, released %llu in %llu releases, dropped (buffer full) "
            "%llu, stalled (backpressure) %llu, early-checkpoint requests %llu, ring full %llu, sent high %llu, "
            "sent normal %llu (%llu past waiting high), lost in crashes %llu\n", requests,
            (unsigned long long) totals.buffered, (unsigned long long) totals.released,
            (unsigned long long) totals.releases, (unsigned long long) totals.dropped_full,
            (unsigned long long) totals.stalled_full, (unsigned long long) totals.early_requests,
            (unsigned long long) totals.ring_full, (unsigned long long) totals.sent_high,
            (unsigned long long) totals.sent_normal, (unsigned long long) totals.bypasses,
            (unsigned long long) totals.discarded);
    free(line);
    json_reader_free(&reader);
    jw_free(&out);
    return 0;
}

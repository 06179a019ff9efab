/*
 * A small JSON reader and writer for exactly the shapes the conformance protocol needs:
 * one request object per line in, one reply object per line out. The reader builds a tree in
 * arrays that grow with the longest line seen and are reused for every later line, so a
 * steady stream of requests allocates nothing.
 */
#ifndef CNIC_JSON_H
#define CNIC_JSON_H

#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
    enum json_type type;
    const char *key;        /* member name when inside an object, else NULL */
    const char *text;       /* JSON_STRING: the decoded string (NUL-terminated) */
    long long integer;      /* JSON_NUMBER with is_integer */
    int is_integer;         /* JSON_NUMBER: no fraction or exponent and fits a long long */
    int boolean;            /* JSON_BOOL */
    struct json *child;     /* first element or member */
    struct json *next;      /* next sibling */
};

struct json_reader {
    struct json *nodes;
    size_t node_cap;
    size_t node_used;
    char *text;
    size_t text_cap;
    size_t text_used;
    char error[160];        /* what was wrong and at which column (1-based) */
};

/* Parses one JSON document; returns its root, or NULL with r->error set. */
struct json *json_parse(struct json_reader *r, const char *s, size_t len);
void json_reader_free(struct json_reader *r);

/* The member of an object by name, or NULL (also when obj is not an object). */
const struct json *json_member(const struct json *obj, const char *name);
/* An ITF integer: a JSON integer or {"#bigint": "digits"}; returns 1 and sets *out when it is one. */
int json_itf_integer(const struct json *v, long long *out);
/* "a string", "an object", ... for error messages. */
const char *json_kind(const struct json *v);

struct json_writer {
    char *buf;
    size_t len;
    size_t cap;
};

void jw_reset(struct json_writer *w);
void jw_raw(struct json_writer *w, const char *s);
void jw_string(struct json_writer *w, const char *s);
void jw_integer(struct json_writer *w, long long v);
void jw_free(struct json_writer *w);

#endif

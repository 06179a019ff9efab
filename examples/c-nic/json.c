#include "json.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

struct parser {
    struct json_reader *r;
    const char *s;
    size_t len;
    size_t at;
};

static void *grow(void *p, size_t bytes)
{
    void *q = realloc(p, bytes);
    if (q == NULL) {
        fputs("c-nic: out of memory\n", stderr);
        exit(3);
    }
    return q;
}

static int fail(struct parser *p, const char *what)
{
    if (p->at >= p->len) {
        snprintf(p->r->error, sizeof p->r->error, "malformed JSON at column %lu: %s, found the end of the line",
                 (unsigned long) p->at + 1, what);
    } else {
        snprintf(p->r->error, sizeof p->r->error, "malformed JSON at column %lu: %s, found '%c'",
                 (unsigned long) p->at + 1, what, p->s[p->at]);
    }
    return 0;
}

static void skip_space(struct parser *p)
{
    while (p->at < p->len && strchr(" \t\r\n", p->s[p->at]) != NULL && p->s[p->at] != '\0') {
        p->at++;
    }
}

static struct json *new_node(struct parser *p, enum json_type type)
{
    /* Capacity was reserved for the whole line in json_parse: every value takes at least one character. */
    struct json *n = &p->r->nodes[p->r->node_used++];
    memset(n, 0, sizeof *n);
    n->type = type;
    return n;
}

static void put_utf8(struct parser *p, unsigned long c)
{
    char *t = p->r->text + p->r->text_used;
    if (c < 0x80) {
        t[0] = (char) c;
        p->r->text_used += 1;
    } else if (c < 0x800) {
        t[0] = (char) (0xC0 | (c >> 6));
        t[1] = (char) (0x80 | (c & 0x3F));
        p->r->text_used += 2;
    } else if (c < 0x10000) {
        t[0] = (char) (0xE0 | (c >> 12));
        t[1] = (char) (0x80 | ((c >> 6) & 0x3F));
        t[2] = (char) (0x80 | (c & 0x3F));
        p->r->text_used += 3;
    } else {
        t[0] = (char) (0xF0 | (c >> 18));
        t[1] = (char) (0x80 | ((c >> 12) & 0x3F));
        t[2] = (char) (0x80 | ((c >> 6) & 0x3F));
        t[3] = (char) (0x80 | (c & 0x3F));
        p->r->text_used += 4;
    }
}

static int hex4(struct parser *p, unsigned long *out)
{
    unsigned long v = 0;
    int i;
    if (p->at + 4 > p->len) {
        p->at = p->len;
        return fail(p, "expected four hex digits after \\u");
    }
    for (i = 0; i < 4; i++) {
        const char c = p->s[p->at];
        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= (unsigned long) (c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v |= (unsigned long) (c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            v |= (unsigned long) (c - 'A' + 10);
        } else {
            return fail(p, "expected a hex digit after \\u");
        }
        p->at++;
    }
    *out = v;
    return 1;
}

/* Decodes a string starting at the opening quote into the reader's text area; *out points at it. */
static int string(struct parser *p, const char **out)
{
    /* Decoded text is never longer than its source, and the area holds the whole line plus a NUL per string. */
    char *start = p->r->text + p->r->text_used;
    p->at++;
    for (;;) {
        unsigned char c;
        if (p->at >= p->len) {
            return fail(p, "unterminated string");
        }
        c = (unsigned char) p->s[p->at];
        if (c == '"') {
            p->at++;
            break;
        }
        if (c < 0x20) {
            return fail(p, "control character in a string");
        }
        if (c != '\\') {
            p->r->text[p->r->text_used++] = (char) c;
            p->at++;
            continue;
        }
        p->at++;
        if (p->at >= p->len) {
            return fail(p, "unterminated escape");
        }
        switch (p->s[p->at++]) {
        case '"': p->r->text[p->r->text_used++] = '"'; break;
        case '\\': p->r->text[p->r->text_used++] = '\\'; break;
        case '/': p->r->text[p->r->text_used++] = '/'; break;
        case 'b': p->r->text[p->r->text_used++] = '\b'; break;
        case 'f': p->r->text[p->r->text_used++] = '\f'; break;
        case 'n': p->r->text[p->r->text_used++] = '\n'; break;
        case 'r': p->r->text[p->r->text_used++] = '\r'; break;
        case 't': p->r->text[p->r->text_used++] = '\t'; break;
        case 'u': {
            unsigned long c1;
            if (!hex4(p, &c1)) {
                return 0;
            }
            if (c1 >= 0xD800 && c1 <= 0xDBFF) {
                unsigned long c2;
                if (p->at + 2 > p->len || p->s[p->at] != '\\' || p->s[p->at + 1] != 'u') {
                    return fail(p, "expected the second half of a surrogate pair");
                }
                p->at += 2;
                if (!hex4(p, &c2)) {
                    return 0;
                }
                if (c2 < 0xDC00 || c2 > 0xDFFF) {
                    return fail(p, "expected a low surrogate");
                }
                c1 = 0x10000 + ((c1 - 0xD800) << 10) + (c2 - 0xDC00);
            } else if (c1 >= 0xDC00 && c1 <= 0xDFFF) {
                return fail(p, "lone low surrogate");
            } else if (c1 == 0) {
                return fail(p, "\\u0000 in a string");
            }
            put_utf8(p, c1);
            break;
        }
        default:
            p->at--;
            return fail(p, "unknown escape");
        }
    }
    p->r->text[p->r->text_used++] = '\0';
    *out = start;
    return 1;
}

static int number(struct parser *p, struct json *n)
{
    int negative = 0;
    unsigned long long magnitude = 0;
    int overflow = 0;
    if (p->s[p->at] == '-') {
        negative = 1;
        p->at++;
    }
    if (p->at >= p->len || p->s[p->at] < '0' || p->s[p->at] > '9') {
        return fail(p, "expected a digit");
    }
    if (p->s[p->at] == '0' && p->at + 1 < p->len && p->s[p->at + 1] >= '0' && p->s[p->at + 1] <= '9') {
        return fail(p, "leading zero in a number");
    }
    while (p->at < p->len && p->s[p->at] >= '0' && p->s[p->at] <= '9') {
        const unsigned d = (unsigned) (p->s[p->at++] - '0');
        if (magnitude > (ULLONG_MAX - d) / 10) {
            overflow = 1;
        } else {
            magnitude = magnitude * 10 + d;
        }
    }
    n->is_integer = !overflow && magnitude <= (unsigned long long) LLONG_MAX;
    if (p->at < p->len && p->s[p->at] == '.') {
        p->at++;
        n->is_integer = 0;
        if (p->at >= p->len || p->s[p->at] < '0' || p->s[p->at] > '9') {
            return fail(p, "expected a digit after '.'");
        }
        while (p->at < p->len && p->s[p->at] >= '0' && p->s[p->at] <= '9') {
            p->at++;
        }
    }
    if (p->at < p->len && (p->s[p->at] == 'e' || p->s[p->at] == 'E')) {
        p->at++;
        n->is_integer = 0;
        if (p->at < p->len && (p->s[p->at] == '+' || p->s[p->at] == '-')) {
            p->at++;
        }
        if (p->at >= p->len || p->s[p->at] < '0' || p->s[p->at] > '9') {
            return fail(p, "expected a digit in the exponent");
        }
        while (p->at < p->len && p->s[p->at] >= '0' && p->s[p->at] <= '9') {
            p->at++;
        }
    }
    if (n->is_integer) {
        n->integer = negative ? -(long long) magnitude : (long long) magnitude;
    }
    return 1;
}

static int literal(struct parser *p, const char *word)
{
    const size_t n = strlen(word);
    if (p->at + n > p->len || memcmp(p->s + p->at, word, n) != 0) {
        return fail(p, "expected a value");
    }
    p->at += n;
    return 1;
}

static struct json *value(struct parser *p, int depth);

static int elements(struct parser *p, struct json *parent, int depth, char close)
{
    struct json *last = NULL;
    p->at++;
    skip_space(p);
    if (p->at < p->len && p->s[p->at] == close) {
        p->at++;
        return 1;
    }
    for (;;) {
        const char *key = NULL;
        struct json *child;
        skip_space(p);
        if (close == '}') {
            if (p->at >= p->len || p->s[p->at] != '"') {
                return fail(p, "expected a member name in quotes");
            }
            if (!string(p, &key)) {
                return 0;
            }
            skip_space(p);
            if (p->at >= p->len || p->s[p->at] != ':') {
                return fail(p, "expected ':'");
            }
            p->at++;
        }
        child = value(p, depth + 1);
        if (child == NULL) {
            return 0;
        }
        child->key = key;
        if (last == NULL) {
            parent->child = child;
        } else {
            last->next = child;
        }
        last = child;
        skip_space(p);
        if (p->at < p->len && p->s[p->at] == ',') {
            p->at++;
            continue;
        }
        if (p->at < p->len && p->s[p->at] == close) {
            p->at++;
            return 1;
        }
        return fail(p, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static struct json *value(struct parser *p, int depth)
{
    struct json *n;
    if (depth > MAX_DEPTH) {
        fail(p, "nested deeper than 32 levels");
        return NULL;
    }
    skip_space(p);
    if (p->at >= p->len) {
        fail(p, "expected a value");
        return NULL;
    }
    switch (p->s[p->at]) {
    case '{':
        n = new_node(p, JSON_OBJECT);
        return elements(p, n, depth, '}') ? n : NULL;
    case '[':
        n = new_node(p, JSON_ARRAY);
        return elements(p, n, depth, ']') ? n : NULL;
    case '"':
        n = new_node(p, JSON_STRING);
        return string(p, &n->text) ? n : NULL;
    case 't':
        n = new_node(p, JSON_BOOL);
        n->boolean = 1;
        return literal(p, "true") ? n : NULL;
    case 'f':
        n = new_node(p, JSON_BOOL);
        return literal(p, "false") ? n : NULL;
    case 'n':
        n = new_node(p, JSON_NULL);
        return literal(p, "null") ? n : NULL;
    default:
        if (p->s[p->at] != '-' && (p->s[p->at] < '0' || p->s[p->at] > '9')) {
            fail(p, "expected a value");
            return NULL;
        }
        n = new_node(p, JSON_NUMBER);
        return number(p, n) ? n : NULL;
    }
}

struct json *json_parse(struct json_reader *r, const char *s, size_t len)
{
    struct parser p;
    struct json *root;
    if (r->node_cap < len + 1) {
        r->node_cap = len + 1;
        r->nodes = grow(r->nodes, r->node_cap * sizeof *r->nodes);
    }
    if (r->text_cap < 2 * len + 2) {
        r->text_cap = 2 * len + 2;
        r->text = grow(r->text, r->text_cap);
    }
    r->node_used = 0;
    r->text_used = 0;
    r->error[0] = '\0';
    p.r = r;
    p.s = s;
    p.len = len;
    p.at = 0;
    root = value(&p, 0);
    if (root == NULL) {
        return NULL;
    }
    skip_space(&p);
    if (p.at != len) {
        fail(&p, "expected the end of the line after the value");
        return NULL;
    }
    return root;
}

void json_reader_free(struct json_reader *r)
{
    free(r->nodes);
    free(r->text);
    memset(r, 0, sizeof *r);
}

const struct json *json_member(const struct json *obj, const char *name)
{
    const struct json *m;
    if (obj == NULL || obj->type != JSON_OBJECT) {
        return NULL;
    }
    for (m = obj->child; m != NULL; m = m->next) {
        if (strcmp(m->key, name) == 0) {
            return m;
        }
    }
    return NULL;
}

int json_itf_integer(const struct json *v, long long *out)
{
    const struct json *big;
    const char *d;
    long long x = 0;
    int negative = 0;
    if (v == NULL) {
        return 0;
    }
    if (v->type == JSON_NUMBER) {
        if (!v->is_integer) {
            return 0;
        }
        *out = v->integer;
        return 1;
    }
    big = json_member(v, "#bigint");
    if (big == NULL || big->type != JSON_STRING || v->child->next != NULL) {
        return 0;
    }
    d = big->text;
    if (*d == '-') {
        negative = 1;
        d++;
    }
    if (*d == '\0') {
        return 0;
    }
    for (; *d != '\0'; d++) {
        if (*d < '0' || *d > '9' || x > (LLONG_MAX - (*d - '0')) / 10) {
            return 0;
        }
        x = x * 10 + (*d - '0');
    }
    *out = negative ? -x : x;
    return 1;
}

const char *json_kind(const struct json *v)
{
    if (v == NULL) {
        return "nothing";
    }
    switch (v->type) {
    case JSON_NULL: return "null";
    case JSON_BOOL: return "a boolean";
    case JSON_NUMBER: return v->is_integer ? "an integer" : "a non-integer number";
    case JSON_STRING: return "a string";
    case JSON_ARRAY: return "an array";
    default: return "an object";
    }
}

static void reserve(struct json_writer *w, size_t more)
{
    if (w->len + more + 1 > w->cap) {
        size_t cap = w->cap == 0 ? 256 : w->cap;
        while (w->len + more + 1 > cap) {
            cap *= 2;
        }
        w->buf = grow(w->buf, cap);
        w->cap = cap;
    }
}

void jw_reset(struct json_writer *w)
{
    reserve(w, 0);
    w->len = 0;
    w->buf[0] = '\0';
}

void jw_raw(struct json_writer *w, const char *s)
{
    const size_t n = strlen(s);
    reserve(w, n);
    memcpy(w->buf + w->len, s, n + 1);
    w->len += n;
}

void jw_string(struct json_writer *w, const char *s)
{
    reserve(w, 2 + 6 * strlen(s));
    w->buf[w->len++] = '"';
    for (; *s != '\0'; s++) {
        const unsigned char c = (unsigned char) *s;
        if (c == '"' || c == '\\') {
            w->buf[w->len++] = '\\';
            w->buf[w->len++] = (char) c;
        } else if (c < 0x20) {
            w->len += (size_t) sprintf(w->buf + w->len, "\\u%04x", c);
        } else {
            w->buf[w->len++] = (char) c;
        }
    }
    w->buf[w->len++] = '"';
    w->buf[w->len] = '\0';
}

void jw_integer(struct json_writer *w, long long v)
{
    reserve(w, 24);
    w->len += (size_t) sprintf(w->buf + w->len, "%lld", v);
}

void jw_free(struct json_writer *w)
{
    free(w->buf);
    memset(w, 0, sizeof *w);
}

/*
 * Native core of the report table parser (loaders/tables.py).
 *
 * parse(texts) reads every <TABLE> of each document of a batch in one pass, line by line and segment by
 * segment, and returns the columns of the three frames of loaders.tables.ParsedReport as Arrow buffers
 * (string columns as Arrow string views over one shared heap). It computes exactly what the Polars
 * reference implementation (loaders/tables_polars.py) computes: the same rows, in the same order, with
 * the same values. Unicode follows Polars (Rust regex): \s is White_Space, \d is any decimal digit
 * (Nd), (?i) folds U+017F to s and U+212A to k, positions count code points.
 *
 * What it leaves to Python (loaders/tables.py): the last columns of the tables frame (continued
 * tables, the factor denomination, the layout hash: Polars expressions over one row per table), and
 * the cleaned value of the rare spelled-out date that holds a non-ASCII character (listed in
 * "clean_fallback"). It returns None (and Python uses the reference) for a batch it does not take: an
 * item that is not a str, a str with a lone surrogate, a document of 2**28 characters or more.
 *
 * The parse runs without the GIL (the loader parses the next batch on a worker thread while one lands).
 * No recursion; every index is bounded by the length it indexes; an allocation failure raises
 * MemoryError (longjmp back to run_parse(), and parse() frees everything).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint32_t cp_t;

#define MAX_DOC_CHARS ((Py_ssize_t)1 << 28)
#define NO_LIMIT 1000000000 /* the reference's fill for "no value" (10**9) */
#define HEAP_CHUNK ((size_t)1 << 30)

/* ------------------------------------------------------------------------------------------------ */
/* Unicode classes as Polars' regex engine has them                                                  */

static inline int is_ws(cp_t c) {
    if (c < 0x80) return c == 0x20 || (c >= 0x09 && c <= 0x0d);
    if (c < 0x85) return 0;
    return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
           c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

static const uint32_t ND_RANGES[][2] = {
    {0x0030, 0x0039},
    {0x0660, 0x0669},
    {0x06F0, 0x06F9},
    {0x07C0, 0x07C9},
    {0x0966, 0x096F},
    {0x09E6, 0x09EF},
    {0x0A66, 0x0A6F},
    {0x0AE6, 0x0AEF},
    {0x0B66, 0x0B6F},
    {0x0BE6, 0x0BEF},
    {0x0C66, 0x0C6F},
    {0x0CE6, 0x0CEF},
    {0x0D66, 0x0D6F},
    {0x0DE6, 0x0DEF},
    {0x0E50, 0x0E59},
    {0x0ED0, 0x0ED9},
    {0x0F20, 0x0F29},
    {0x1040, 0x1049},
    {0x1090, 0x1099},
    {0x17E0, 0x17E9},
    {0x1810, 0x1819},
    {0x1946, 0x194F},
    {0x19D0, 0x19D9},
    {0x1A80, 0x1A89},
    {0x1A90, 0x1A99},
    {0x1B50, 0x1B59},
    {0x1BB0, 0x1BB9},
    {0x1C40, 0x1C49},
    {0x1C50, 0x1C59},
    {0xA620, 0xA629},
    {0xA8D0, 0xA8D9},
    {0xA900, 0xA909},
    {0xA9D0, 0xA9D9},
    {0xA9F0, 0xA9F9},
    {0xAA50, 0xAA59},
    {0xABF0, 0xABF9},
    {0xFF10, 0xFF19},
    {0x104A0, 0x104A9},
    {0x10D30, 0x10D39},
    {0x10D40, 0x10D49},
    {0x11066, 0x1106F},
    {0x110F0, 0x110F9},
    {0x11136, 0x1113F},
    {0x111D0, 0x111D9},
    {0x112F0, 0x112F9},
    {0x11450, 0x11459},
    {0x114D0, 0x114D9},
    {0x11650, 0x11659},
    {0x116C0, 0x116C9},
    {0x116D0, 0x116E3},
    {0x11730, 0x11739},
    {0x118E0, 0x118E9},
    {0x11950, 0x11959},
    {0x11BF0, 0x11BF9},
    {0x11C50, 0x11C59},
    {0x11D50, 0x11D59},
    {0x11DA0, 0x11DA9},
    {0x11F50, 0x11F59},
    {0x16130, 0x16139},
    {0x16A60, 0x16A69},
    {0x16AC0, 0x16AC9},
    {0x16B50, 0x16B59},
    {0x16D70, 0x16D79},
    {0x1CCF0, 0x1CCF9},
    {0x1D7CE, 0x1D7FF},
    {0x1E140, 0x1E149},
    {0x1E2F0, 0x1E2F9},
    {0x1E4F0, 0x1E4F9},
    {0x1E5F1, 0x1E5FA},
    {0x1E950, 0x1E959},
    {0x1FBF0, 0x1FBF9}
};

static inline int is_digit(cp_t c) {
    if (c < 0x80) return c >= '0' && c <= '9';
    if (c < 0x660) return 0;
    size_t lo = 0, hi = sizeof(ND_RANGES) / sizeof(ND_RANGES[0]);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < ND_RANGES[mid][0])
            hi = mid;
        else if (c > ND_RANGES[mid][1])
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

static inline int is_ascii_letter(cp_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static inline int is_ascii_digit(cp_t c) { return c >= '0' && c <= '9'; }
/* (?i)[A-Za-z]: the ASCII letters, U+017F (long s) and U+212A (Kelvin sign). */
static inline int is_ci_letter(cp_t c) { return is_ascii_letter(c) || c == 0x17f || c == 0x212a; }
/* Simple case fold of a (?i) letter to its ASCII lower case (0 for anything else). */
static inline cp_t ci_fold(cp_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 'a' && c <= 'z') return c;
    if (c == 0x17f) return 's';
    if (c == 0x212a) return 'k';
    return 0;
}
static inline cp_t ascii_lower(cp_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* ------------------------------------------------------------------------------------------------ */
/* Allocation: every buffer hangs off the context; a failure jumps back to parse()                   */

typedef struct Ctx Ctx;
static void ctx_fail(Ctx *c);

#define VEC(T)       \
    struct {         \
        T *data;     \
        size_t len;  \
        size_t cap;  \
    }

static void vec_grow(Ctx *c, void **data, size_t *cap, size_t need, size_t elem) {
    size_t cap2 = *cap ? *cap : 16;
    while (cap2 < need) {
        if (cap2 > SIZE_MAX / 4 / elem) ctx_fail(c);
        cap2 *= 2;
    }
    if (cap2 > SIZE_MAX / elem) ctx_fail(c);
    void *p = realloc(*data, cap2 * elem);
    if (!p) ctx_fail(c);
    *data = p;
    *cap = cap2;
}

#define VEC_RESERVE(c, v, extra)                                                                           \
    do {                                                                                                   \
        if ((v).len + (size_t)(extra) > (v).cap)                                                           \
            vec_grow((c), (void **)&(v).data, &(v).cap, (v).len + (size_t)(extra), sizeof(*(v).data));     \
    } while (0)
#define VEC_PUSH(c, v, x)                  \
    do {                                   \
        VEC_RESERVE((c), (v), 1);          \
        (v).data[(v).len++] = (x);         \
    } while (0)
#define VEC_FREE(v)          \
    do {                     \
        free((v).data);      \
        (v).data = NULL;     \
        (v).len = (v).cap = 0; \
    } while (0)

/* ------------------------------------------------------------------------------------------------ */
/* Output columns                                                                                     */

/* An Arrow string view: length, then the string itself (<= 12 bytes) or its prefix, buffer, offset. */
typedef struct {
    uint8_t b[16];
} View;

typedef VEC(int32_t) VecI32;
typedef VEC(uint8_t) VecU8;
typedef VEC(View) VecView;
typedef VEC(cp_t) VecCp;

/* A column; a nullable one also keeps one validity byte per row (packed into bits at the end). Rows
 * are written unchecked after col_reserve (once per segment or table). */
typedef struct {
    VecI32 vals;
    VecU8 valid;
    size_t nulls;
    uint8_t nullable;
} ColI32;

typedef struct {
    VecView vals;
    VecU8 valid;
    size_t nulls;
    uint8_t nullable;
} ColStr;

typedef struct {
    VecU8 vals;
} ColBool;

enum {
    C_DOC, C_TABLE_ORDINAL, C_SEGMENT, C_LINE_NO, C_ROW_ORDINAL, C_ROW_SUB, C_LABEL_OCCURRENCE,
    C_COLUMN_ORDINAL, C_CHAR_START, C_CHAR_END, C_NI32
};
enum { C_AREA, C_ROW_LABEL, C_ROW_LABEL_FILLED, C_COLUMN_LABEL, C_RAW_TEXT, C_VALUE_KIND, C_VALUE_CLEAN, C_NSTR };
enum { L_DOC, L_LINE_NO, L_TABLE_ORDINAL, L_SEGMENT, L_NI32 };
enum { L_KIND, L_TEXT, L_NSTR };
enum { T_TAB, T_DOC, T_TABLE_ORDINAL, T_SEGMENT, T_FIRST_LINE, T_LAST_LINE, T_NI32 };
enum { T_TITLE, T_HEADER_TEXT, T_FOOTNOTES, T_NSTR };

/* Token value kinds */
enum { VK_TEXT = 0, VK_NUMBER, VK_DATE, VK_UNREADABLE };
/* Line areas inside tables */
enum { A_CAPTION = 1, A_DATA, A_FOOT };
/* Caption line kinds */
enum { CK_TITLE = 1, CK_HEADER, CK_KV, CK_MULTI };
/* Statement kind of a token of a multi-statement caption line */
enum { ST_NONE = 0, ST_KV, ST_SERIES };

typedef struct {
    int32_t line;  /* index into Seg.lines */
    int32_t start; /* code points, in the line */
    int32_t end;
    int32_t ordinal; /* within its line */
    uint8_t vk;
    uint8_t is_label;
    uint8_t st;     /* statement kind (caption tokens) */
    uint8_t figure; /* number or unreadable */
    uint8_t joined; /* a text token that joined the figure column it overlaps most */
    int32_t klen;   /* statement key length (from the token start) */
    int32_t voff;   /* statement value offset (from the token start) */
    int32_t grp;    /* merged group (scratch) */
    int32_t col;    /* final column ordinal */
} Tok;

typedef struct {
    int32_t line_no;
    uint8_t area;
    uint8_t ckind;
    int64_t text_off; /* into Seg.text */
    int32_t text_len;
    int32_t tok0, ntok;
    /* single key/value caption line */
    int32_t kv_key_off, kv_key_len; /* into Seg.keys (whitespace runs collapsed) */
    int32_t kv_val_off;             /* in the line */
    int32_t kv_start, kv_end;
} SLine;

typedef struct {
    int32_t segment;
    int32_t first_line, last_line;
    View title, header;
    uint8_t has_title, has_header;
} PendRow;

typedef struct {
    int32_t start, end, idx;
} Span3;

typedef struct {
    int32_t start, end; /* column span */
    uint8_t own;
} Column;

typedef struct {
    int64_t off; /* string: offset into a buffer given at lookup */
    int32_t len;
    int32_t count;
    uint8_t used;
} MapEnt;

typedef VEC(Tok) VecTok;
typedef VEC(SLine) VecSLine;
typedef VEC(PendRow) VecPend;
typedef VEC(Span3) VecSpan3;
typedef VEC(Column) VecColumn;
typedef VEC(MapEnt) VecMap;
typedef VEC(VecU8) VecChunks;

struct Ctx {
    jmp_buf jb;
    /* string heap: finished chunks and the current one */
    VecChunks chunks;
    VecU8 heap;
    /* frames */
    ColI32 ci[C_NI32];
    ColStr cs[C_NSTR];
    size_t ncells;
    ColI32 li[L_NI32];
    ColStr ls[L_NSTR];
    size_t nlines;
    ColI32 ti[T_NI32];
    ColStr ts[T_NSTR];
    ColBool tterm;
    size_t ntables;
    VecI32 clean_fallback;
    /* the document */
    int kind;
    int ascii; /* the document is ASCII: a string's UTF-8 is one byte per code point */
    const void *data;
    Py_ssize_t length;
    uint32_t doc;
    int32_t table_ordinal, depth, seg_no, fn, marker;
    uint32_t tab_id;
    int tab_terminated;
    VecPend pend;
    VecU8 foot;
    int has_foot;
    /* the segment */
    VecCp text;
    VecSLine lines;
    VecTok toks;
    VecCp keys;
    /* scratch */
    VecU8 ubuf2;
    VecSpan3 spans3, stmp;
    VecU8 hbuf;
    VecMap map_row;
    VecI32 counts;
    VecColumn cols;
    VecI32 figcol, owncol;
    VecI32 words, wcol;
    VecU8 whas;
    VecI32 labstart, labcount;
    VecView labs;
    VecMap map;
    VecI32 capl;
};

static void ctx_fail(Ctx *c) { longjmp(c->jb, 1); }

static void reserve_i32(Ctx *c, ColI32 *cols, int n, size_t rows) {
    for (int i = 0; i < n; i++) {
        VEC_RESERVE(c, cols[i].vals, rows);
        if (cols[i].nullable) VEC_RESERVE(c, cols[i].valid, rows);
    }
}
static void reserve_str(Ctx *c, ColStr *cols, int n, size_t rows) {
    for (int i = 0; i < n; i++) {
        VEC_RESERVE(c, cols[i].vals, rows);
        if (cols[i].nullable) VEC_RESERVE(c, cols[i].valid, rows);
    }
}
static inline void col_i32(ColI32 *col, int32_t v) {
    col->vals.data[col->vals.len++] = v;
    if (col->nullable) col->valid.data[col->valid.len++] = 1;
}
static inline void col_i32_opt(ColI32 *col, int32_t v, int has) {
    col->vals.data[col->vals.len++] = has ? v : 0;
    col->valid.data[col->valid.len++] = (uint8_t)(has != 0);
    col->nulls += !has;
}
static inline void col_str(ColStr *col, View v) {
    col->vals.data[col->vals.len++] = v;
    if (col->nullable) col->valid.data[col->valid.len++] = 1;
}
static inline void col_str_opt(ColStr *col, View v, int has) {
    if (!has) memset(&v, 0, sizeof v);
    col->vals.data[col->vals.len++] = v;
    col->valid.data[col->valid.len++] = (uint8_t)(has != 0);
    col->nulls += !has;
}

/* ------------------------------------------------------------------------------------------------ */
/* Strings: UTF-8 into views (inline up to 12 bytes, else in the heap)                               */

static View view_bytes(Ctx *c, const uint8_t *s, size_t n) {
    View v;
    memset(&v, 0, sizeof v);
    if (n > (size_t)INT32_MAX) ctx_fail(c);
    int32_t len = (int32_t)n;
    memcpy(v.b, &len, 4);
    if (n <= 12) {
        if (n) memcpy(v.b + 4, s, n);
        return v;
    }
    if (c->heap.len + n > HEAP_CHUNK && c->heap.len > 0) {
        VEC_PUSH(c, c->chunks, c->heap);
        c->heap.data = NULL;
        c->heap.len = c->heap.cap = 0;
    }
    VEC_RESERVE(c, c->heap, n);
    int32_t buf = (int32_t)c->chunks.len, off = (int32_t)c->heap.len;
    memcpy(c->heap.data + c->heap.len, s, n);
    c->heap.len += n;
    memcpy(v.b + 4, s, 4);
    memcpy(v.b + 8, &buf, 4);
    memcpy(v.b + 12, &off, 4);
    return v;
}

static View view_lit(const char *s) {
    View v;
    memset(&v, 0, sizeof v);
    int32_t n = (int32_t)strlen(s);
    memcpy(v.b, &n, 4);
    memcpy(v.b + 4, s, (size_t)n);
    return v;
}

static inline size_t utf8_put(uint8_t *o, cp_t ch) {
    if (ch < 0x80) {
        o[0] = (uint8_t)ch;
        return 1;
    }
    if (ch < 0x800) {
        o[0] = (uint8_t)(0xc0 | (ch >> 6));
        o[1] = (uint8_t)(0x80 | (ch & 0x3f));
        return 2;
    }
    if (ch < 0x10000) {
        o[0] = (uint8_t)(0xe0 | (ch >> 12));
        o[1] = (uint8_t)(0x80 | ((ch >> 6) & 0x3f));
        o[2] = (uint8_t)(0x80 | (ch & 0x3f));
        return 3;
    }
    o[0] = (uint8_t)(0xf0 | (ch >> 18));
    o[1] = (uint8_t)(0x80 | ((ch >> 12) & 0x3f));
    o[2] = (uint8_t)(0x80 | ((ch >> 6) & 0x3f));
    o[3] = (uint8_t)(0x80 | (ch & 0x3f));
    return 4;
}

static inline size_t utf8_size(cp_t ch) { return ch < 0x80 ? 1 : ch < 0x800 ? 2 : ch < 0x10000 ? 3 : 4; }

/* Append code points to a byte buffer as UTF-8. */
static void ubuf_cps(Ctx *c, VecU8 *b, const cp_t *s, int32_t n) {
    if (n <= 0) return;
    VEC_RESERVE(c, *b, (size_t)n * 4);
    uint8_t *o = b->data + b->len;
    for (int32_t i = 0; i < n; i++) o += utf8_put(o, s[i]);
    b->len = (size_t)(o - b->data);
}

static View view_cps(Ctx *c, const cp_t *s, int32_t n) {
    View v;
    memset(&v, 0, sizeof v);
    size_t bytes = 0;
    if (c->ascii)
        bytes = (size_t)n;
    else
        for (int32_t i = 0; i < n; i++) bytes += utf8_size(s[i]);
    if (bytes > (size_t)INT32_MAX) ctx_fail(c);
    int32_t len = (int32_t)bytes;
    memcpy(v.b, &len, 4);
    if (bytes <= 12) {
        uint8_t *o = v.b + 4;
        for (int32_t i = 0; i < n; i++) o += utf8_put(o, s[i]);
        return v;
    }
    if (c->heap.len + bytes > HEAP_CHUNK && c->heap.len > 0) {
        VEC_PUSH(c, c->chunks, c->heap);
        c->heap.data = NULL;
        c->heap.len = c->heap.cap = 0;
    }
    VEC_RESERVE(c, c->heap, bytes);
    int32_t buf = (int32_t)c->chunks.len, off = (int32_t)c->heap.len;
    uint8_t *o = c->heap.data + c->heap.len;
    if (bytes == (size_t)n) {
        for (int32_t i = 0; i < n; i++) o[i] = (uint8_t)s[i];
    } else {
        for (int32_t i = 0; i < n; i++) o += utf8_put(o, s[i]);
        o = c->heap.data + c->heap.len;
    }
    memcpy(v.b + 4, o, 4);
    memcpy(v.b + 8, &buf, 4);
    memcpy(v.b + 12, &off, 4);
    c->heap.len += bytes;
    return v;
}

/* ------------------------------------------------------------------------------------------------ */
/* Patterns of the reference, on code points                                                         */

/* _NUMBER_LIKE: ^[-+(]?\$?[\d,.]*\d[\d,.]*%?\)?$ */
static int m_number_like(const cp_t *s, int32_t n) {
    int32_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+' || s[i] == '(')) i++;
    if (i < n && s[i] == '$') i++;
    int digit = 0;
    while (i < n && (is_digit(s[i]) || s[i] == ',' || s[i] == '.')) {
        if (s[i] != ',' && s[i] != '.') digit = 1;
        i++;
    }
    if (!digit) return 0;
    if (i < n && s[i] == '%') i++;
    if (i < n && s[i] == ')') i++;
    return i == n;
}

/* NUMBER_PATTERN: ^\(?[-+]?\$?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?\)?$ */
static int m_number(const cp_t *s, int32_t n) {
    int32_t i = 0;
    if (i < n && s[i] == '(') i++;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    if (i < n && s[i] == '$') i++;
    int32_t j = i, commas = 0;
    while (j < n && (is_digit(s[j]) || s[j] == ',')) {
        if (s[j] == ',') commas++;
        j++;
    }
    if (j > i && commas) {
        /* d{1,3} then (,ddd)+ */
        int32_t k = i, first = 0;
        while (k < j && s[k] != ',') {
            first++;
            k++;
        }
        if (first < 1 || first > 3) return 0;
        while (k < j) { /* s[k] == ',' */
            int32_t g = 0;
            k++;
            while (k < j && s[k] != ',') {
                g++;
                k++;
            }
            if (g != 3) return 0;
        }
    }
    i = j;
    if (i < n && s[i] == '.') {
        i++;
        int32_t k = i;
        while (k < n && is_digit(s[k])) k++;
        if (k == i) return 0;
        i = k;
    }
    if (i < n && s[i] == '%') i++;
    if (i < n && s[i] == ')') i++;
    return i == n;
}

static int32_t digit_run(const cp_t *s, int32_t n, int32_t i) {
    int32_t k = i;
    while (k < n && is_digit(s[k])) k++;
    return k - i;
}

static const char *const MONTHS[] = {"jan", "january", "feb", "february", "mar", "march", "apr", "april",
                                     "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept",
                                     "september", "oct", "october", "nov", "november", "dec", "december"};

/* _SPELLED_DATE: ^MONTH\.? \d{1,2}, \d{4}$ with MONTH case-insensitive */
static int m_spelled_date(const cp_t *s, int32_t n) {
    int32_t w = 0;
    while (w < n && s[w] != '.' && s[w] != ' ') w++;
    if (w < 3 || w > 9) return 0;
    char word[10];
    for (int32_t k = 0; k < w; k++) {
        cp_t f = ci_fold(s[k]);
        if (!f) return 0;
        word[k] = (char)f;
    }
    word[w] = 0;
    int found = 0;
    for (size_t m = 0; m < sizeof(MONTHS) / sizeof(MONTHS[0]); m++)
        if (strcmp(word, MONTHS[m]) == 0) found = 1;
    if (!found) return 0;
    int32_t i = w;
    if (i < n && s[i] == '.') i++;
    if (i >= n || s[i] != ' ') return 0;
    i++;
    int32_t d = digit_run(s, n, i);
    if (d < 1 || d > 2) return 0;
    i += d;
    if (i + 1 >= n || s[i] != ',' || s[i + 1] != ' ') return 0;
    i += 2;
    d = digit_run(s, n, i);
    if (d != 4) return 0;
    return i + d == n;
}

/* _DATE_PATTERN */
static int m_date(const cp_t *s, int32_t n) {
    int32_t d1 = digit_run(s, n, 0);
    if (d1 >= 1 && d1 <= 2 && d1 < n) {
        int32_t i = d1;
        if (s[i] == '/') {
            i++;
            int32_t d2 = digit_run(s, n, i);
            if (d2 >= 1 && d2 <= 2 && i + d2 < n && s[i + d2] == '/') {
                i += d2 + 1;
                int32_t d3 = digit_run(s, n, i);
                if ((d3 == 2 || d3 == 4) && i + d3 == n) return 1;
            }
        } else if (s[i] == '-') {
            i++;
            if (i + 3 < n && is_ascii_letter(s[i]) && is_ascii_letter(s[i + 1]) && is_ascii_letter(s[i + 2]) &&
                s[i + 3] == '-') {
                i += 4;
                int32_t d3 = digit_run(s, n, i);
                if (d3 >= 2 && d3 <= 4 && i + d3 == n) return 1;
            }
        }
    }
    return m_spelled_date(s, n);
}

static inline int is_alnum_g(cp_t c) { return is_digit(c) || is_ascii_letter(c); }

/* _GARBLED: ^[-+(]?\$?[\dA-Za-z]*\d[\dA-Za-z]*(?:[,.][\dA-Za-z]+)+%?\)?$ */
static int m_garbled(const cp_t *s, int32_t n) {
    int32_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+' || s[i] == '(')) i++;
    if (i < n && s[i] == '$') i++;
    int digit = 0;
    while (i < n && is_alnum_g(s[i])) {
        if (is_digit(s[i])) digit = 1;
        i++;
    }
    if (!digit) return 0;
    int groups = 0;
    while (i < n && (s[i] == ',' || s[i] == '.')) {
        int32_t k = i + 1;
        while (k < n && is_alnum_g(s[k])) k++;
        if (k == i + 1) return 0;
        groups++;
        i = k;
    }
    if (!groups) return 0;
    if (i < n && s[i] == '%') i++;
    if (i < n && s[i] == ')') i++;
    return i == n;
}

static int value_kind(const cp_t *s, int32_t n) {
    int digit = 0;
    for (int32_t i = 0; i < n; i++)
        if (is_digit(s[i])) {
            digit = 1;
            break;
        }
    if (!digit) return VK_TEXT;
    if (m_number(s, n)) return VK_NUMBER;
    if (m_date(s, n)) return VK_DATE;
    if (m_number_like(s, n)) return VK_UNREADABLE;
    if (m_garbled(s, n)) {
        int letter = 0, two = 0;
        for (int32_t i = 0; i < n; i++) {
            if (is_ascii_letter(s[i])) {
                letter = 1;
                if (i + 1 < n && is_ascii_letter(s[i + 1])) two = 1;
            }
        }
        if (letter && !two) return VK_UNREADABLE;
    }
    return VK_TEXT;
}

/* _MULTI_NUMBER: two or more _NUMBER_LIKE pieces one space apart (a token's only blanks are single
 * spaces). */
static int m_multi_number(const cp_t *s, int32_t n) {
    int32_t i = 0, pieces = 0;
    while (i <= n) {
        int32_t k = i;
        while (k < n && s[k] != ' ') k++;
        if (!m_number_like(s + i, k - i)) return 0;
        pieces++;
        i = k + 1;
    }
    return pieces >= 2;
}

/* _KEY_VALUE: ^([A-Za-z][^:]{0,60}?):\s+(\S.*)$ -> key length, value offset */
static int m_key_value(const cp_t *s, int32_t n, int32_t *klen, int32_t *voff) {
    if (n < 1 || !is_ascii_letter(s[0])) return 0;
    int32_t colon = -1;
    for (int32_t i = 1; i < n && i <= 61; i++)
        if (s[i] == ':') {
            colon = i;
            break;
        }
    if (colon < 0) return 0;
    int32_t j = colon + 1;
    if (j >= n || !is_ws(s[j])) return 0;
    while (j < n && is_ws(s[j])) j++;
    if (j >= n) return 0;
    *klen = colon;
    *voff = j;
    return 1;
}

/* _SERIES_STATEMENT on a token: (?i)^([A-Za-z][A-Za-z0-9 .&'-]{0,40}\bseries)\s+(\S+)$ */
static int m_series(const cp_t *s, int32_t n, int32_t *klen, int32_t *voff) {
    int32_t p = -1;
    for (int32_t i = n - 1; i >= 0; i--)
        if (is_ws(s[i])) {
            p = i;
            break;
        }
    if (p < 0 || p + 1 >= n) return 0;
    for (int32_t i = p + 1; i < n; i++)
        if (is_ws(s[i])) return 0;
    int32_t q = p; /* end of the key: the whitespace run before the value */
    while (q > 0 && is_ws(s[q - 1])) q--;
    int32_t k = q;
    if (k < 8 || k > 47) return 0; /* letter, 1..40 chars, "series" (\b needs one char before it) */
    if (!is_ci_letter(s[0])) return 0;
    static const char SERIES[] = "series";
    for (int i = 0; i < 6; i++)
        if (ci_fold(s[k - 6 + i]) != (cp_t)SERIES[i]) return 0;
    for (int32_t i = 1; i < k - 6; i++) {
        cp_t ch = s[i];
        if (!(is_ci_letter(ch) || is_ascii_digit(ch) || ch == ' ' || ch == '.' || ch == '&' || ch == '\'' ||
              ch == '-'))
            return 0;
    }
    cp_t b = s[k - 7]; /* \b: a non-word character before "series" */
    if (!(b == ' ' || b == '.' || b == '&' || b == '\'' || b == '-')) return 0;
    *klen = k;
    *voff = p + 1;
    return 1;
}

/* _COLUMN_HEADING: (?i)^(?:(?:loan\s+)?(?:group|grp|pool)\s*\S+|total)$ */
static int ci_prefix(const cp_t *s, int32_t n, const char *w) {
    int32_t m = (int32_t)strlen(w);
    if (n < m) return 0;
    for (int32_t i = 0; i < m; i++)
        if (ci_fold(s[i]) != (cp_t)w[i]) return 0;
    return 1;
}
static int heading_rest(const cp_t *s, int32_t n) {
    static const char *const W[] = {"group", "grp", "pool"};
    for (int w = 0; w < 3; w++) {
        if (!ci_prefix(s, n, W[w])) continue;
        int32_t i = (int32_t)strlen(W[w]);
        while (i < n && is_ws(s[i])) i++;
        if (i >= n) continue;
        int ok = 1;
        for (int32_t k = i; k < n; k++)
            if (is_ws(s[k])) ok = 0;
        if (ok) return 1;
    }
    return 0;
}
static int m_column_heading(const cp_t *s, int32_t n) {
    if (n == 5 && ci_prefix(s, n, "total")) return 1;
    if (heading_rest(s, n)) return 1;
    if (ci_prefix(s, n, "loan") && n > 4 && is_ws(s[4])) {
        int32_t i = 4;
        while (i < n && is_ws(s[i])) i++;
        if (heading_rest(s + i, n - i)) return 1;
    }
    return 0;
}

/* _RULE_LINE: ^[\s=\-_]*[=\-_]{3,}[\s=\-_]*$ */
static int m_rule(const cp_t *s, int32_t n) {
    int32_t run = 0, best = 0;
    for (int32_t i = 0; i < n; i++) {
        cp_t ch = s[i];
        if (ch == '=' || ch == '-' || ch == '_') {
            if (++run > best) best = run;
        } else if (is_ws(ch)) {
            run = 0;
        } else {
            return 0;
        }
    }
    return best >= 3;
}

/* ------------------------------------------------------------------------------------------------ */
/* Cleaned values                                                                                      */

static int days_in_month(int m, int y) {
    static const int D[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2) {
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return leap ? 29 : 28;
    }
    return D[m - 1];
}

/* The cleaned value of a spelled-out date of ASCII characters: mm/dd/yyyy, or none (an invalid day). */
static int spelled_clean(const cp_t *s, int32_t n, char out[11]) {
    static const char *const ABBR[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
    int month = 0;
    for (int m = 0; m < 12; m++)
        if (ascii_lower(s[0]) == (cp_t)ABBR[m][0] && ascii_lower(s[1]) == (cp_t)ABBR[m][1] &&
            ascii_lower(s[2]) == (cp_t)ABBR[m][2])
            month = m + 1;
    if (!month) return 0;
    int32_t i = 0;
    while (i < n && s[i] != ' ') i++;
    i++;
    int day = 0;
    while (i < n && s[i] != ',') day = day * 10 + (int)(s[i++] - '0');
    i += 2;
    int year = 0;
    while (i < n) year = year * 10 + (int)(s[i++] - '0');
    if (day < 1 || day > days_in_month(month, year)) return 0;
    out[0] = (char)('0' + month / 10);
    out[1] = (char)('0' + month % 10);
    out[2] = '/';
    out[3] = (char)('0' + day / 10);
    out[4] = (char)('0' + day % 10);
    out[5] = '/';
    for (int k = 9; k >= 6; k--) {
        out[k] = (char)('0' + year % 10);
        year /= 10;
    }
    out[10] = 0;
    return 1;
}

/* ------------------------------------------------------------------------------------------------ */
/* String map (occurrence counts within a segment)                                                   */

static uint64_t hash_cps(const cp_t *s, int32_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (int32_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (uint64_t)n;
}

static void map_reset(Ctx *c, VecMap *map, size_t expect) {
    size_t size = 16;
    while (size < expect * 2 + 2) size *= 2;
    VEC_RESERVE(c, *map, size);
    map->len = size;
    memset(map->data, 0, size * sizeof(MapEnt));
}

/* Count one more occurrence of a string (base + off, len); the count after it. */
static int32_t map_inc(VecMap *map, const cp_t *base, int64_t off, int32_t len) {
    size_t mask = map->len - 1;
    size_t h = (size_t)hash_cps(base + off, len) & mask;
    for (;;) {
        MapEnt *e = &map->data[h];
        if (!e->used) {
            e->used = 1;
            e->off = off;
            e->len = len;
            e->count = 1;
            return 1;
        }
        if (e->len == len && memcmp(base + e->off, base + off, (size_t)len * sizeof(cp_t)) == 0)
            return ++e->count;
        h = (h + 1) & mask;
    }
}

/* ------------------------------------------------------------------------------------------------ */
/* Lines of a document                                                                                */

static inline cp_t rd(int kind, const void *data, Py_ssize_t i) {
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        return ((const Py_UCS1 *)data)[i];
    case PyUnicode_2BYTE_KIND:
        return ((const Py_UCS2 *)data)[i];
    default:
        return ((const Py_UCS4 *)data)[i];
    }
}

static Py_ssize_t find_nl(Ctx *c, Py_ssize_t pos) {
    Py_ssize_t n = c->length;
    if (c->kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = (const Py_UCS1 *)c->data;
        const void *p = memchr(d + pos, '\n', (size_t)(n - pos));
        return p ? (Py_ssize_t)((const Py_UCS1 *)p - d) : n;
    }
    for (Py_ssize_t i = pos; i < n; i++)
        if (rd(c->kind, c->data, i) == '\n') return i;
    return n;
}

enum { TAG_NONE = 0, TAG_TABLE, TAG_CTABLE, TAG_CAPTION, TAG_MARKER, TAG_FN, TAG_CFN, TAG_PAGE, TAG_OTHER };

/* The leading tag of a line, ^\s*<(/?[A-Za-z]+), read on the raw line as on the line the reference
 * reads (tabs expanded, form feeds removed: both are blanks, and a form feed inside a tag is dropped). */
static int line_tag(Ctx *c, Py_ssize_t a, Py_ssize_t b) {
    int kind = c->kind;
    const void *d = c->data;
    Py_ssize_t i = a;
    while (i < b && is_ws(rd(kind, d, i))) i++;
    if (i >= b || rd(kind, d, i) != '<') return TAG_NONE;
    i++;
    while (i < b && rd(kind, d, i) == '\f') i++;
    int slash = 0;
    if (i < b && rd(kind, d, i) == '/') {
        slash = 1;
        i++;
    }
    char w[9];
    int n = 0, over = 0;
    for (; i < b; i++) {
        cp_t ch = rd(kind, d, i);
        if (ch == '\f') continue;
        if (!is_ascii_letter(ch)) break;
        if (n < 8)
            w[n++] = (char)ascii_lower(ch);
        else
            over = 1;
    }
    if (n == 0) return TAG_NONE;
    if (over) return TAG_OTHER;
    w[n] = 0;
    if (!slash) {
        if (!strcmp(w, "table")) return TAG_TABLE;
        if (!strcmp(w, "caption")) return TAG_CAPTION;
        if (!strcmp(w, "s") || !strcmp(w, "c")) return TAG_MARKER;
        if (!strcmp(w, "fn")) return TAG_FN;
        if (!strcmp(w, "page")) return TAG_PAGE;
    } else {
        if (!strcmp(w, "table")) return TAG_CTABLE;
        if (!strcmp(w, "fn")) return TAG_CFN;
        if (!strcmp(w, "page") || !strcmp(w, "caption")) return TAG_PAGE;
    }
    return TAG_OTHER;
}

/* The line as the reference holds it (tabs expanded to stops of 8, form feeds removed, trailing
 * blanks stripped), appended to the segment's text; its length. */
#define LOAD_LINE_LOOP(T)                                                                   \
    do {                                                                                    \
        const T *d = (const T *)c->data;                                                    \
        for (Py_ssize_t i = a; i < b; i++) {                                                \
            cp_t ch = d[i];                                                                 \
            if (ch == '\t') {                                                               \
                Py_ssize_t pad = 8 - col % 8;                                               \
                VEC_RESERVE(c, c->text, (size_t)pad + (size_t)(b - i));                     \
                for (Py_ssize_t k = 0; k < pad; k++) c->text.data[c->text.len++] = ' ';     \
                col += pad;                                                                 \
                continue;                                                                   \
            }                                                                               \
            col++;                                                                          \
            if (ch == '\r') col = 0;                                                        \
            if (ch == '\f') continue;                                                       \
            c->text.data[c->text.len++] = ch;                                               \
        }                                                                                   \
    } while (0)

static int32_t load_line(Ctx *c, Py_ssize_t a, Py_ssize_t b) {
    VEC_RESERVE(c, c->text, (size_t)(b - a));
    size_t start = c->text.len;
    Py_ssize_t col = 0;
    switch (c->kind) {
    case PyUnicode_1BYTE_KIND:
        LOAD_LINE_LOOP(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        LOAD_LINE_LOOP(Py_UCS2);
        break;
    default:
        LOAD_LINE_LOOP(Py_UCS4);
        break;
    }
    while (c->text.len > start && is_ws(c->text.data[c->text.len - 1])) c->text.len--;
    size_t len = c->text.len - start;
    if (len > (size_t)(INT32_MAX / 2)) ctx_fail(c);
    return (int32_t)len;
}

/* ------------------------------------------------------------------------------------------------ */
/* Segments                                                                                           */

static inline const cp_t *line_text(Ctx *c, const SLine *l) { return c->text.data + l->text_off; }
static inline const cp_t *tok_text(Ctx *c, const Tok *t) {
    return c->text.data + c->lines.data[t->line].text_off + t->start;
}

static void tokenize(Ctx *c, int32_t li) {
    SLine *l = &c->lines.data[li];
    const cp_t *s = line_text(c, l);
    int32_t n = l->text_len, i = 0, ord = 0;
    l->tok0 = (int32_t)c->toks.len;
    while (i < n) {
        while (i < n && is_ws(s[i])) i++;
        if (i >= n) break;
        int32_t start = i;
        int joined = 0; /* runs joined by single spaces: only such a token can be two numbers */
        for (;;) {
            while (i < n && !is_ws(s[i])) i++;
            if (i + 1 < n && s[i] == ' ' && !is_ws(s[i + 1])) {
                i++;
                joined = 1;
            } else {
                break;
            }
        }
        int32_t end = i;
        Tok t;
        memset(&t, 0, sizeof t);
        t.line = li;
        if (joined && m_multi_number(s + start, end - start)) {
            int32_t p = start;
            while (p < end) {
                int32_t q = p;
                while (q < end && s[q] != ' ') q++;
                t.start = p;
                t.end = q;
                t.ordinal = ord++;
                VEC_PUSH(c, c->toks, t);
                p = q + 1;
            }
        } else {
            t.start = start;
            t.end = end;
            t.ordinal = ord++;
            VEC_PUSH(c, c->toks, t);
        }
    }
    l = &c->lines.data[li];
    l->ntok = (int32_t)c->toks.len - l->tok0;
}

/* Sort spans by start (counting sort when the positions are few, else qsort). */
static int cmp_span3(const void *x, const void *y) {
    const Span3 *a = x, *b = y;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void sort_spans(Ctx *c, Span3 *v, size_t n, int32_t max_start) {
    if (n < 2) return;
    if ((size_t)max_start > 4 * n + 4096) {
        qsort(v, n, sizeof *v, cmp_span3);
        return;
    }
    size_t w = (size_t)max_start + 2;
    VEC_RESERVE(c, c->counts, w);
    int32_t *cnt = c->counts.data;
    memset(cnt, 0, w * sizeof(int32_t));
    for (size_t i = 0; i < n; i++) cnt[v[i].start + 1]++;
    for (size_t k = 1; k < w; k++) cnt[k] += cnt[k - 1];
    VEC_RESERVE(c, c->stmp, n);
    Span3 *tmp = c->stmp.data;
    for (size_t i = 0; i < n; i++) tmp[cnt[v[i].start]++] = v[i];
    memcpy(v, tmp, n * sizeof(Span3));
}

/* Merge overlapping spans (sorted by start) into groups: group of each span (by idx into toks). */
static int32_t merge_groups(Ctx *c, Span3 *v, size_t n, int own, size_t col_base) {
    int32_t groups = 0, maxend = 0;
    for (size_t i = 0; i < n; i++) {
        Tok *t = &c->toks.data[v[i].idx];
        if (i == 0 || v[i].start >= maxend) {
            Column col;
            col.start = v[i].start;
            col.end = v[i].end;
            col.own = (uint8_t)own;
            VEC_PUSH(c, c->cols, col);
            groups++;
            maxend = v[i].end;
        } else {
            if (v[i].end > maxend) maxend = v[i].end;
            Column *col = &c->cols.data[col_base + (size_t)groups - 1];
            if (v[i].end > col->end) col->end = v[i].end;
        }
        t->grp = groups - 1;
    }
    return groups;
}

static inline int32_t overlap(int32_t a0, int32_t a1, int32_t b0, int32_t b1) {
    return (a1 < b1 ? a1 : b1) - (a0 > b0 ? a0 : b0);
}

static void emit_line_row(Ctx *c, int32_t line_no, View kind, View text) {
    col_i32(&c->li[L_DOC], (int32_t)c->doc);
    col_i32(&c->li[L_LINE_NO], line_no);
    col_i32(&c->li[L_TABLE_ORDINAL], c->table_ordinal);
    col_i32(&c->li[L_SEGMENT], c->seg_no);
    col_str(&c->ls[L_KIND], kind);
    col_str(&c->ls[L_TEXT], text);
    c->nlines++;
}

/* Strip Unicode blanks from both ends: [*a, *b). */
static void strip(const cp_t *s, int32_t n, int32_t *a, int32_t *b) {
    int32_t i = 0, j = n;
    while (i < j && is_ws(s[i])) i++;
    while (j > i && is_ws(s[j - 1])) j--;
    *a = i;
    *b = j;
}

static View stripped_view(Ctx *c, const cp_t *s, int32_t n) {
    int32_t a, b;
    strip(s, n, &a, &b);
    return view_cps(c, s + a, b - a);
}

static const View *V_KIND[4];
static View V_TEXT, V_NUMBER, V_DATE, V_UNREADABLE, V_DATA, V_CAPTION, V_FOOTNOTE, V_ROW_LABEL, V_TITLE,
    V_HEADER, V_CAPTION_TEXT;

/* value_clean of a value: a view (has=1), none (has=0); raw is the value's own view. */
static void clean_value(Ctx *c, const cp_t *s, int32_t n, int vk, View raw, View *out, int *has, int *fallback) {
    *fallback = 0;
    if (vk == VK_NUMBER) {
        c->ubuf2.len = 0;
        int neg = n >= 1 && s[0] == '(' && s[n - 1] == ')';
        VEC_RESERVE(c, c->ubuf2, (size_t)n * 4 + 1);
        uint8_t *o = c->ubuf2.data;
        if (neg) *o++ = '-';
        for (int32_t i = 0; i < n; i++) {
            cp_t ch = s[i];
            if (ch == ',' || ch == '$' || ch == '%' || ch == '(' || ch == ')' || ch == '+') continue;
            o += utf8_put(o, ch);
        }
        c->ubuf2.len = (size_t)(o - c->ubuf2.data);
        *out = view_bytes(c, c->ubuf2.data, c->ubuf2.len);
        *has = 1;
        return;
    }
    if (vk == VK_UNREADABLE) {
        *has = 0;
        return;
    }
    if (vk == VK_DATE && m_spelled_date(s, n)) {
        for (int32_t i = 0; i < n; i++)
            if (s[i] >= 0x80) {
                *fallback = 1;
                *has = 0;
                return;
            }
        char buf[11];
        if (spelled_clean(s, n, buf)) {
            *out = view_bytes(c, (const uint8_t *)buf, 10);
            *has = 1;
        } else {
            *has = 0;
        }
        return;
    }
    *out = raw;
    *has = 1;
}

static void emit_cell(Ctx *c, int32_t line_no, View area, int32_t row_ordinal, int has_row_ordinal, View row_label,
                      int has_row_label, View filled, int has_filled, int32_t row_sub, int32_t occ, int has_occ,
                      int32_t column_ordinal, View column_label, int has_column_label, View raw, int vk,
                      View clean, int has_clean, int fallback, int32_t start, int32_t end) {
    if (fallback) VEC_PUSH(c, c->clean_fallback, (int32_t)c->ncells);
    col_i32(&c->ci[C_DOC], (int32_t)c->doc);
    col_i32(&c->ci[C_TABLE_ORDINAL], c->table_ordinal);
    col_i32(&c->ci[C_SEGMENT], c->seg_no);
    col_str(&c->cs[C_AREA], area);
    col_i32(&c->ci[C_LINE_NO], line_no);
    col_i32_opt(&c->ci[C_ROW_ORDINAL], row_ordinal, has_row_ordinal);
    col_str_opt(&c->cs[C_ROW_LABEL], row_label, has_row_label);
    col_str_opt(&c->cs[C_ROW_LABEL_FILLED], filled, has_filled);
    col_i32(&c->ci[C_ROW_SUB], row_sub);
    col_i32_opt(&c->ci[C_LABEL_OCCURRENCE], occ, has_occ);
    col_i32(&c->ci[C_COLUMN_ORDINAL], column_ordinal);
    col_str_opt(&c->cs[C_COLUMN_LABEL], column_label, has_column_label);
    col_str(&c->cs[C_RAW_TEXT], raw);
    col_str(&c->cs[C_VALUE_KIND], *V_KIND[vk]);
    col_str_opt(&c->cs[C_VALUE_CLEAN], clean, has_clean);
    col_i32(&c->ci[C_CHAR_START], start);
    col_i32(&c->ci[C_CHAR_END], end);
    c->ncells++;
}

static void emit_kv_cell(Ctx *c, int32_t line_no, const cp_t *key, int32_t klen, const cp_t *val, int32_t vlen,
                         int32_t occ, int32_t start, int32_t end) {
    View kv = view_cps(c, key, klen);
    View raw = view_cps(c, val, vlen);
    int vk = value_kind(val, vlen);
    View clean;
    int has, fb;
    clean_value(c, val, vlen, vk, raw, &clean, &has, &fb);
    emit_cell(c, line_no, V_CAPTION, 0, 0, kv, 1, kv, 1, 0, occ, 1, 1, kv, 0, raw, vk, clean, has, fb, start, end);
}

static void seg_reset(Ctx *c) {
    c->text.len = 0;
    c->lines.len = 0;
    c->toks.len = 0;
    c->keys.len = 0;
}

static void seg_finish(Ctx *c) {
    size_t nl = c->lines.len;
    if (nl == 0) {
        seg_reset(c);
        return;
    }
    /* ---- tokens of caption and data lines */
    for (size_t li = 0; li < nl; li++)
        if (c->lines.data[li].area != A_FOOT) tokenize(c, (int32_t)li);

    /* ---- caption lines: statements, key/value, header or title */
    size_t nkv = 0;
    int has_header = 0;
    for (size_t li = 0; li < nl; li++) {
        SLine *l = &c->lines.data[li];
        if (l->area != A_CAPTION) continue;
        int colons = 0;
        for (int32_t k = 0; k < l->ntok; k++) {
            Tok *t = &c->toks.data[l->tok0 + k];
            const cp_t *s = tok_text(c, t);
            int32_t n = t->end - t->start, klen, voff;
            t->st = ST_NONE;
            if (m_key_value(s, n, &klen, &voff)) {
                t->st = ST_KV;
                colons++;
            } else if (m_series(s, n, &klen, &voff)) {
                t->st = ST_SERIES;
            }
            if (t->st) {
                t->klen = klen;
                t->voff = voff;
            }
        }
        if (colons >= 2) {
            l->ckind = CK_MULTI;
            nkv += (size_t)l->ntok;
            continue;
        }
        const cp_t *s = line_text(c, l);
        int32_t n = l->text_len, j0 = 0, klen, voff;
        while (j0 < n && is_ws(s[j0])) j0++;
        if (m_key_value(s + j0, n - j0, &klen, &voff)) {
            l->ckind = CK_KV;
            nkv++;
            /* key with runs of blanks collapsed to one space */
            l->kv_key_off = (int32_t)c->keys.len;
            VEC_RESERVE(c, c->keys, (size_t)klen);
            s = line_text(c, l);
            int32_t w = 0;
            for (int32_t i = 0; i < klen; i++) {
                cp_t ch = s[j0 + i];
                if (is_ws(ch)) {
                    if (i > 0 && is_ws(s[j0 + i - 1])) continue;
                    ch = ' ';
                }
                c->keys.data[c->keys.len++] = ch;
                w++;
            }
            l->kv_key_len = w;
            l->kv_val_off = j0 + voff;
            int64_t bytes = 0;
            for (int32_t i = 0; i < j0; i++) bytes += (int64_t)utf8_size(s[i]);
            l->kv_start = (int32_t)bytes;
            l->kv_end = n;
        } else if (l->ntok >= 2) {
            l->ckind = CK_HEADER;
            has_header = 1;
        } else {
            l->ckind = CK_TITLE;
        }
    }

    /* ---- row labels: a line's first token, when it starts left of every other token of the segment */
    int32_t label_limit = NO_LIMIT;
    size_t ndata = 0;
    for (size_t li = 0; li < nl; li++) {
        SLine *l = &c->lines.data[li];
        if (l->area != A_DATA) continue;
        ndata++;
        for (int32_t k = 1; k < l->ntok; k++) {
            int32_t st = c->toks.data[l->tok0 + k].start;
            if (st < label_limit) label_limit = st;
        }
    }
    int32_t label_end = -1, max_start = 0;
    size_t nfig = 0, ntext = 0;
    for (size_t li = 0; li < nl; li++) {
        SLine *l = &c->lines.data[li];
        if (l->area != A_DATA) continue;
        for (int32_t k = 0; k < l->ntok; k++) {
            Tok *t = &c->toks.data[l->tok0 + k];
            t->is_label = (uint8_t)(k == 0 && t->start < label_limit);
            if (t->is_label) {
                if (t->end > label_end) label_end = t->end;
                continue;
            }
            t->vk = (uint8_t)value_kind(tok_text(c, t), t->end - t->start);
            t->figure = (uint8_t)(t->vk == VK_NUMBER || t->vk == VK_UNREADABLE);
            if (t->figure)
                nfig++;
            else
                ntext++;
            if (t->start > max_start) max_start = t->start;
        }
    }
    if (label_end < 0) label_end = NO_LIMIT;

    /* ---- value columns: merged spans of the figures, then text tokens join the figure column they
     * overlap most or make columns of their own; ordinals left to right over both */
    c->cols.len = 0;
    c->spans3.len = 0;
    VEC_RESERVE(c, c->spans3, nfig + ntext + 1);
    size_t nf = 0;
    for (size_t li = 0; li < nl; li++) {
        SLine *l = &c->lines.data[li];
        if (l->area != A_DATA) continue;
        for (int32_t k = 0; k < l->ntok; k++) {
            Tok *t = &c->toks.data[l->tok0 + k];
            if (t->is_label || !t->figure) continue;
            Span3 sp = {t->start, t->end, l->tok0 + k};
            c->spans3.data[nf++] = sp;
        }
    }
    sort_spans(c, c->spans3.data, nf, max_start);
    int32_t nfg = merge_groups(c, c->spans3.data, nf, 0, 0);
    size_t no = 0;
    for (size_t li = 0; li < nl; li++) {
        SLine *l = &c->lines.data[li];
        if (l->area != A_DATA) continue;
        for (int32_t k = 0; k < l->ntok; k++) {
            Tok *t = &c->toks.data[l->tok0 + k];
            if (t->is_label || t->figure) continue;
            /* the figure column it overlaps most (ties: the first) */
            int32_t best = -1, bov = 0;
            for (int32_t g = 0; g < nfg; g++) {
                Column *col = &c->cols.data[g];
                if (col->start >= t->end) break;
                int32_t ov = overlap(t->start, t->end, col->start, col->end);
                if (ov > bov) {
                    bov = ov;
                    best = g;
                }
            }
            t->joined = (uint8_t)(best >= 0);
            if (best >= 0) {
                t->grp = best;
            } else {
                Span3 sp = {t->start, t->end, l->tok0 + k};
                c->spans3.data[nf + no++] = sp;
            }
        }
    }
    sort_spans(c, c->spans3.data + nf, no, max_start);
    int32_t nog = merge_groups(c, c->spans3.data + nf, no, 1, (size_t)nfg);
    /* a column's span: its figures' (text that joined it does not widen it), else its text's */
    int32_t ncol = nfg + nog;
    VEC_RESERVE(c, c->figcol, (size_t)nfg + 1);
    VEC_RESERVE(c, c->owncol, (size_t)nog + 1);
    {
        int32_t i = 0, j = 0, ord = 0;
        while (i < nfg || j < nog) {
            if (j >= nog || (i < nfg && c->cols.data[i].start <= c->cols.data[nfg + j].start))
                c->figcol.data[i++] = ++ord;
            else
                c->owncol.data[j++] = ++ord;
        }
    }
    /* columns by final ordinal: spans */
    VecColumn *cols = &c->cols;
    Column *byord = malloc(((size_t)ncol + 1) * sizeof(Column));
    if (!byord) ctx_fail(c);
    for (int32_t g = 0; g < nfg; g++) byord[c->figcol.data[g]] = cols->data[g];
    for (int32_t g = 0; g < nog; g++) byord[c->owncol.data[g]] = cols->data[nfg + g];
    for (size_t li = 0; li < nl; li++) {
        SLine *l = &c->lines.data[li];
        if (l->area != A_DATA) continue;
        for (int32_t k = 0; k < l->ntok; k++) {
            Tok *t = &c->toks.data[l->tok0 + k];
            if (t->is_label) continue;
            if (t->figure || t->joined)
                t->col = c->figcol.data[t->grp];
            else
                t->col = c->owncol.data[t->grp];
        }
    }

    /* ---- column labels */
    c->labstart.len = c->labcount.len = 0;
    VEC_RESERVE(c, c->labstart, (size_t)ncol + 1);
    VEC_RESERVE(c, c->labcount, (size_t)ncol + 1);
    for (int32_t k = 0; k <= ncol; k++) c->labstart.data[k] = c->labcount.data[k] = 0;
    c->labs.len = 0;
    if (has_header && ncol > 0) {
        /* words of the header lines, in line order */
        c->words.len = 0;
        for (size_t li = 0; li < nl; li++) {
            SLine *l = &c->lines.data[li];
            if (l->area != A_CAPTION || l->ckind != CK_HEADER) continue;
            for (int32_t k = 0; k < l->ntok; k++) VEC_PUSH(c, c->words, l->tok0 + k);
        }
        size_t nw = c->words.len;
        VEC_RESERVE(c, c->wcol, nw);
        VEC_RESERVE(c, c->whas, nw);
        int32_t fvs = INT32_MAX;
        for (int32_t k = 1; k <= ncol; k++)
            if (byord[k].start < fvs) fvs = byord[k].start;
        for (size_t w = 0; w < nw; w++) {
            Tok *t = &c->toks.data[c->words.data[w]];
            int32_t maxov = INT32_MIN;
            for (int32_t k = 1; k <= ncol; k++) {
                int32_t ov = overlap(t->start, t->end, byord[k].start, byord[k].end);
                if (ov > maxov) maxov = ov;
            }
            int32_t best = 1;
            if (maxov > 0) {
                int64_t bd = INT64_MAX;
                for (int32_t k = 1; k <= ncol; k++) {
                    int32_t ov = overlap(t->start, t->end, byord[k].start, byord[k].end);
                    if (ov != maxov) continue;
                    int64_t d = (int64_t)byord[k].start - t->start;
                    if (d < 0) d = -d;
                    if (d < bd) {
                        bd = d;
                        best = k;
                    }
                }
            } else {
                int64_t bd = INT64_MAX;
                for (int32_t k = 1; k <= ncol; k++) {
                    int64_t d1 = (int64_t)byord[k].start - t->end, d2 = (int64_t)t->start - byord[k].end, d = 0;
                    if (d1 > d) d = d1;
                    if (d2 > d) d = d2;
                    if (d < bd) {
                        bd = d;
                        best = k;
                    }
                }
            }
            c->wcol.data[w] = best;
            c->whas.data[w] = (uint8_t)(maxov > 0);
        }
        /* a word over no column, stacked with a word over one on another line, heads that column */
        for (size_t w = 0; w < nw; w++) {
            if (c->whas.data[w]) continue;
            Tok *t = &c->toks.data[c->words.data[w]];
            int32_t tline = c->lines.data[t->line].line_no;
            int64_t bdist = INT64_MAX;
            int32_t bov = 0, bcol = -1;
            for (size_t a = 0; a < nw; a++) {
                if (!c->whas.data[a]) continue;
                Tok *u = &c->toks.data[c->words.data[a]];
                int32_t uline = c->lines.data[u->line].line_no;
                if (uline == tline) continue;
                int32_t ov = overlap(t->start, t->end, u->start, u->end);
                if (ov <= 0) continue;
                int64_t dist = (int64_t)uline - tline;
                if (dist < 0) dist = -dist;
                if (dist < bdist || (dist == bdist && ov > bov)) {
                    bdist = dist;
                    bov = ov;
                    bcol = c->wcol.data[a];
                }
            }
            if (bcol >= 0) c->wcol.data[w] = bcol;
        }
        for (size_t w = 0; w < nw; w++) {
            Tok *t = &c->toks.data[c->words.data[w]];
            if (t->start < fvs && t->end <= fvs && t->start < label_end) c->wcol.data[w] = 0;
        }
        /* each column's words top to bottom, joined by a space */
        for (int32_t k = 1; k <= ncol; k++) {
            c->ubuf2.len = 0;
            int any = 0;
            for (size_t w = 0; w < nw; w++) {
                if (c->wcol.data[w] != k) continue;
                Tok *t = &c->toks.data[c->words.data[w]];
                if (any) VEC_PUSH(c, c->ubuf2, ' ');
                ubuf_cps(c, &c->ubuf2, tok_text(c, t), t->end - t->start);
                any = 1;
            }
            if (any) {
                c->labstart.data[k] = (int32_t)c->labs.len;
                c->labcount.data[k] = 1;
                View v = view_bytes(c, c->ubuf2.data, c->ubuf2.len);
                VEC_PUSH(c, c->labs, v);
            }
        }
    } else if (!has_header && ndata > 0) {
        /* the first data row, when it is a heading row (all text, two or more, or a lone heading) */
        SLine *first = NULL;
        for (size_t li = 0; li < nl; li++)
            if (c->lines.data[li].area == A_DATA) {
                first = &c->lines.data[li];
                break;
            }
        int32_t nv = 0, all_text = 1, headings = 1;
        for (int32_t k = 0; k < first->ntok; k++) {
            Tok *t = &c->toks.data[first->tok0 + k];
            if (t->is_label) continue;
            nv++;
            if (t->vk != VK_TEXT) all_text = 0;
            if (!m_column_heading(tok_text(c, t), t->end - t->start)) headings = 0;
        }
        if (nv > 0 && all_text && (nv >= 2 || headings)) {
            /* grouped by ordinal, each in token order */
            for (int32_t k = 0; k < first->ntok; k++) {
                Tok *t = &c->toks.data[first->tok0 + k];
                if (!t->is_label) c->labcount.data[t->col]++;
            }
            int32_t acc = 0;
            for (int32_t k = 1; k <= ncol; k++) {
                c->labstart.data[k] = acc;
                acc += c->labcount.data[k];
            }
            VEC_RESERVE(c, c->labs, (size_t)acc);
            c->labs.len = (size_t)acc;
            VEC_RESERVE(c, c->counts, (size_t)ncol + 1);
            for (int32_t k = 0; k <= ncol; k++) c->counts.data[k] = 0;
            for (int32_t k = 0; k < first->ntok; k++) {
                Tok *t = &c->toks.data[first->tok0 + k];
                if (t->is_label) continue;
                View v = view_cps(c, tok_text(c, t), t->end - t->start);
                c->labs.data[c->labstart.data[t->col] + c->counts.data[t->col]++] = v;
            }
        }
    }
    free(byord);

    /* ---- emit, line by line */
    /* occurrences: of each key among the segment's key/value statements, of each row label among its
     * labelled rows */
    map_reset(c, &c->map, nkv);
    map_reset(c, &c->map_row, ndata);
    int32_t row = 0, run_row = 1, run_occ = 0;
    int has_run_label = 0;
    View run_label;
    memset(&run_label, 0, sizeof run_label);
    int32_t title_last = -1;
    int header_any = 0;
    c->hbuf.len = 0;
    c->capl.len = 0;
    {
        /* rows this segment can emit: a cell per value token and column label, one per statement, a
         * line row per line or statement */
        size_t maxlab = 1;
        for (int32_t k = 1; k <= ncol; k++)
            if ((size_t)c->labcount.data[k] > maxlab) maxlab = (size_t)c->labcount.data[k];
        size_t ntok = c->toks.len;
        if (maxlab > 1 && ntok > SIZE_MAX / maxlab) ctx_fail(c);
        size_t cells = ntok * maxlab + nl, rows = ntok + nl;
        reserve_i32(c, c->ci, C_NI32, cells);
        reserve_str(c, c->cs, C_NSTR, cells);
        reserve_i32(c, c->li, L_NI32, rows);
        reserve_str(c, c->ls, L_NSTR, rows);
    }
    for (size_t li = 0; li < nl; li++) {
        SLine *l = &c->lines.data[li];
        if (l->area == A_CAPTION) {
            VEC_PUSH(c, c->capl, (int32_t)li);
            const cp_t *s = line_text(c, l);
            if (l->ckind == CK_MULTI) {
                for (int32_t k = 0; k < l->ntok; k++) {
                    Tok *t = &c->toks.data[l->tok0 + k];
                    const cp_t *ts = tok_text(c, t);
                    if (t->st == ST_NONE) {
                        emit_line_row(c, l->line_no, V_CAPTION_TEXT, view_cps(c, ts, t->end - t->start));
                        continue;
                    }
                    /* the key, as its own string for the occurrence count */
                    int64_t koff = (int64_t)c->keys.len;
                    VEC_RESERVE(c, c->keys, (size_t)t->klen);
                    ts = tok_text(c, t);
                    memcpy(c->keys.data + c->keys.len, ts, (size_t)t->klen * sizeof(cp_t));
                    c->keys.len += (size_t)t->klen;
                    int32_t occ = map_inc(&c->map, c->keys.data, koff, t->klen);
                    emit_kv_cell(c, l->line_no, c->keys.data + koff, t->klen, ts + t->voff,
                                 t->end - t->start - t->voff, occ, t->start, t->end);
                }
            } else if (l->ckind == CK_KV) {
                int32_t occ = map_inc(&c->map, c->keys.data, l->kv_key_off, l->kv_key_len);
                emit_kv_cell(c, l->line_no, c->keys.data + l->kv_key_off, l->kv_key_len, s + l->kv_val_off,
                             l->text_len - l->kv_val_off, occ, l->kv_start, l->kv_end);
            } else {
                emit_line_row(c, l->line_no, l->ckind == CK_HEADER ? V_HEADER : V_TITLE,
                              stripped_view(c, s, l->text_len));
                if (l->ckind == CK_TITLE) title_last = (int32_t)c->capl.len - 1;
                if (l->ckind == CK_HEADER) {
                    if (header_any) VEC_PUSH(c, c->hbuf, '\n');
                    ubuf_cps(c, &c->hbuf, s, l->text_len);
                    header_any = 1;
                }
            }
        } else if (l->area == A_FOOT) {
            const cp_t *s = line_text(c, l);
            int32_t a, b;
            strip(s, l->text_len, &a, &b);
            emit_line_row(c, l->line_no, V_FOOTNOTE, view_cps(c, s + a, b - a));
            if (c->has_foot) VEC_PUSH(c, c->foot, '\n');
            ubuf_cps(c, &c->foot, s + a, b - a);
            c->has_foot = 1;
        } else {
            row++;
            Tok *first = l->ntok > 0 ? &c->toks.data[l->tok0] : NULL;
            int labelled = first && first->is_label;
            View label;
            memset(&label, 0, sizeof label);
            if (labelled) {
                label = view_cps(c, tok_text(c, first), first->end - first->start);
                int64_t off = (int64_t)(tok_text(c, first) - c->text.data);
                run_occ = map_inc(&c->map_row, c->text.data, off, first->end - first->start);
                run_label = label;
                has_run_label = 1;
                run_row = row;
            }
            int values = 0;
            for (int32_t k = 0; k < l->ntok; k++) {
                Tok *t = &c->toks.data[l->tok0 + k];
                if (t->is_label) continue;
                values++;
                const cp_t *ts = tok_text(c, t);
                int32_t n = t->end - t->start;
                View raw = view_cps(c, ts, n);
                View clean;
                int has, fb;
                clean_value(c, ts, n, t->vk, raw, &clean, &has, &fb);
                int32_t cnt = c->labcount.data[t->col];
                if (cnt == 0) {
                    emit_cell(c, l->line_no, V_DATA, row, 1, label, labelled, run_label, has_run_label,
                              row - run_row, run_occ, has_run_label, t->col, label, 0, raw, t->vk, clean, has, fb,
                              t->start, t->end);
                }
                for (int32_t q = 0; q < cnt; q++) {
                    View lab = c->labs.data[c->labstart.data[t->col] + q];
                    emit_cell(c, l->line_no, V_DATA, row, 1, label, labelled, run_label, has_run_label,
                              row - run_row, run_occ, has_run_label, t->col, lab, 1, raw, t->vk, clean, has, fb,
                              t->start, t->end);
                }
            }
            if (!values && labelled) emit_line_row(c, l->line_no, V_ROW_LABEL, label);
        }
    }

    /* ---- the segment's table row: title (the last run of title lines), header text, extent */
    PendRow pr;
    memset(&pr, 0, sizeof pr);
    pr.segment = c->seg_no;
    pr.first_line = c->lines.data[0].line_no;
    pr.last_line = c->lines.data[nl - 1].line_no;
    if (title_last >= 0) {
        int32_t first = title_last;
        while (first > 0) {
            SLine *prev = &c->lines.data[c->capl.data[first - 1]];
            SLine *cur = &c->lines.data[c->capl.data[first]];
            if (prev->ckind != CK_TITLE || prev->line_no != cur->line_no - 1) break;
            first--;
        }
        c->ubuf2.len = 0;
        for (int32_t k = first; k <= title_last; k++) {
            SLine *l = &c->lines.data[c->capl.data[k]];
            const cp_t *s = line_text(c, l);
            int32_t a, b;
            strip(s, l->text_len, &a, &b);
            if (k > first) {
                VEC_RESERVE(c, c->ubuf2, 3);
                memcpy(c->ubuf2.data + c->ubuf2.len, " - ", 3);
                c->ubuf2.len += 3;
            }
            ubuf_cps(c, &c->ubuf2, s + a, b - a);
        }
        pr.title = view_bytes(c, c->ubuf2.data, c->ubuf2.len);
        pr.has_title = 1;
    }
    if (header_any) {
        pr.header = view_bytes(c, c->hbuf.data, c->hbuf.len);
        pr.has_header = 1;
    }
    VEC_PUSH(c, c->pend, pr);
    seg_reset(c);
}

static void tab_finish(Ctx *c) {
    View foot;
    memset(&foot, 0, sizeof foot);
    if (c->pend.len && c->has_foot) foot = view_bytes(c, c->foot.data, c->foot.len);
    reserve_i32(c, c->ti, T_NI32, c->pend.len);
    reserve_str(c, c->ts, T_NSTR, c->pend.len);
    for (size_t i = 0; i < c->pend.len; i++) {
        PendRow *p = &c->pend.data[i];
        col_i32(&c->ti[T_TAB], (int32_t)c->tab_id);
        col_i32(&c->ti[T_DOC], (int32_t)c->doc);
        col_i32(&c->ti[T_TABLE_ORDINAL], c->table_ordinal);
        col_i32(&c->ti[T_SEGMENT], p->segment);
        col_i32(&c->ti[T_FIRST_LINE], p->first_line);
        col_i32(&c->ti[T_LAST_LINE], p->last_line);
        col_str_opt(&c->ts[T_TITLE], p->title, p->has_title);
        col_str_opt(&c->ts[T_HEADER_TEXT], p->header, p->has_header);
        col_str_opt(&c->ts[T_FOOTNOTES], foot, c->has_foot);
        VEC_PUSH(c, c->tterm.vals, (uint8_t)c->tab_terminated);
        c->ntables++;
    }
    c->pend.len = 0;
    c->foot.len = 0;
    c->has_foot = 0;
    c->tab_terminated = 0;
}

static void parse_doc(Ctx *c) {
    Py_ssize_t n = c->length, pos = 0;
    int32_t line_no = 0;
    c->table_ordinal = 0;
    c->depth = 0;
    c->seg_no = 0;
    c->fn = 0;
    c->marker = 0;
    c->tab_terminated = 0;
    c->pend.len = 0;
    c->foot.len = 0;
    c->has_foot = 0;
    seg_reset(c);
    for (;;) {
        Py_ssize_t e = find_nl(c, pos);
        if (line_no == INT32_MAX) ctx_fail(c);
        line_no++;
        int tag = line_tag(c, pos, e);
        int is_open = tag == TAG_TABLE, is_close = tag == TAG_CTABLE, is_caption = tag == TAG_CAPTION;
        int is_marker = tag == TAG_MARKER, is_fn_open = tag == TAG_FN, is_fn_close = tag == TAG_CFN;
        int is_markup = tag != TAG_NONE && tag != TAG_OTHER;
        if (is_open) {
            seg_finish(c);
            tab_finish(c);
            c->table_ordinal++;
            c->tab_id++;
            c->seg_no = 0;
            c->fn = 0;
            c->marker = 0;
        }
        c->depth += is_open - is_close;
        if (is_caption) {
            seg_finish(c);
            c->seg_no++;
            c->marker = 0;
        }
        c->fn += is_fn_open - is_fn_close;
        c->marker += is_marker;
        if (is_close) c->tab_terminated = 1;
        int in_table = c->depth > 0 || is_close;
        if (in_table && !is_markup) {
            size_t mark = c->text.len;
            int64_t off = (int64_t)c->text.len;
            int32_t len = load_line(c, pos, e);
            if (len == 0 || m_rule(c->text.data + off, len)) {
                c->text.len = mark;
            } else {
                SLine l;
                memset(&l, 0, sizeof l);
                l.line_no = line_no;
                l.area = c->fn > 0 ? A_FOOT : c->marker > 0 ? A_DATA : A_CAPTION;
                l.text_off = off;
                l.text_len = len;
                VEC_PUSH(c, c->lines, l);
            }
        }
        if (e >= n) break;
        pos = e + 1;
    }
    seg_finish(c);
    tab_finish(c);
    c->tab_id++;
}

/* ------------------------------------------------------------------------------------------------ */
/* Python objects: a buffer that owns malloc'd memory                                                 */

typedef struct {
    PyObject_HEAD void *data;
    Py_ssize_t len;
} NBuf;

static int nbuf_getbuffer(PyObject *self, Py_buffer *view, int flags) {
    NBuf *b = (NBuf *)self;
    return PyBuffer_FillInfo(view, self, b->data, b->len, 1, flags);
}

static void nbuf_dealloc(PyObject *self) {
    free(((NBuf *)self)->data);
    Py_TYPE(self)->tp_free(self);
}

static PyBufferProcs nbuf_as_buffer = {nbuf_getbuffer, NULL};

static PyTypeObject NBufType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "loaders._tables_native.Buffer",
    .tp_basicsize = sizeof(NBuf),
    .tp_dealloc = nbuf_dealloc,
    .tp_as_buffer = &nbuf_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Memory of a parsed column (Arrow buffer).",
};

/* A buffer object taking ownership of data (never NULL: an empty buffer gets one byte). */
static PyObject *nbuf_take(void *data, size_t len) {
    if (!data) {
        data = malloc(16);
        if (!data) return PyErr_NoMemory();
        memset(data, 0, 16);
    }
    NBuf *b = PyObject_New(NBuf, &NBufType);
    if (!b) {
        free(data);
        return NULL;
    }
    b->data = data;
    b->len = (Py_ssize_t)len;
    return (PyObject *)b;
}

static PyObject *pack_bits(const uint8_t *v, size_t n) {
    size_t nb = (n + 7) / 8;
    uint8_t *bits = calloc(nb ? nb : 1, 1);
    if (!bits) return PyErr_NoMemory();
    for (size_t i = 0; i < n; i++)
        if (v[i]) bits[i >> 3] |= (uint8_t)(1u << (i & 7));
    return nbuf_take(bits, nb);
}

/* ("i32", n, data, validity or None, nulls) */
static PyObject *out_i32(ColI32 *col, const char *type) {
    size_t n = col->vals.len;
    PyObject *valid = Py_None;
    Py_INCREF(Py_None);
    if (col->nulls) {
        Py_DECREF(Py_None);
        valid = pack_bits(col->valid.data, n);
        if (!valid) return NULL;
    }
    PyObject *data = nbuf_take(col->vals.data, n * sizeof(int32_t));
    col->vals.data = NULL;
    col->vals.len = col->vals.cap = 0;
    if (!data) {
        Py_DECREF(valid);
        return NULL;
    }
    return Py_BuildValue("(snNNn)", type, (Py_ssize_t)n, data, valid, (Py_ssize_t)col->nulls);
}

static PyObject *out_str(ColStr *col) {
    size_t n = col->vals.len;
    PyObject *valid = Py_None;
    Py_INCREF(Py_None);
    if (col->nulls) {
        Py_DECREF(Py_None);
        valid = pack_bits(col->valid.data, n);
        if (!valid) return NULL;
    }
    PyObject *data = nbuf_take(col->vals.data, n * sizeof(View));
    col->vals.data = NULL;
    col->vals.len = col->vals.cap = 0;
    if (!data) {
        Py_DECREF(valid);
        return NULL;
    }
    return Py_BuildValue("(snNNn)", "str", (Py_ssize_t)n, data, valid, (Py_ssize_t)col->nulls);
}

static PyObject *out_bool(ColBool *col) {
    size_t n = col->vals.len;
    PyObject *bits = pack_bits(col->vals.data, n);
    if (!bits) return NULL;
    Py_INCREF(Py_None);
    return Py_BuildValue("(snNNn)", "bool", (Py_ssize_t)n, bits, Py_None, (Py_ssize_t)0);
}

static void ctx_free(Ctx *c) {
    for (size_t i = 0; i < c->chunks.len; i++) free(c->chunks.data[i].data);
    VEC_FREE(c->chunks);
    VEC_FREE(c->heap);
    for (int i = 0; i < C_NI32; i++) {
        VEC_FREE(c->ci[i].vals);
        VEC_FREE(c->ci[i].valid);
    }
    for (int i = 0; i < C_NSTR; i++) {
        VEC_FREE(c->cs[i].vals);
        VEC_FREE(c->cs[i].valid);
    }
    for (int i = 0; i < L_NI32; i++) {
        VEC_FREE(c->li[i].vals);
        VEC_FREE(c->li[i].valid);
    }
    for (int i = 0; i < L_NSTR; i++) {
        VEC_FREE(c->ls[i].vals);
        VEC_FREE(c->ls[i].valid);
    }
    for (int i = 0; i < T_NI32; i++) {
        VEC_FREE(c->ti[i].vals);
        VEC_FREE(c->ti[i].valid);
    }
    for (int i = 0; i < T_NSTR; i++) {
        VEC_FREE(c->ts[i].vals);
        VEC_FREE(c->ts[i].valid);
    }
    VEC_FREE(c->tterm.vals);
    VEC_FREE(c->clean_fallback);
    VEC_FREE(c->pend);
    VEC_FREE(c->foot);
    VEC_FREE(c->text);
    VEC_FREE(c->lines);
    VEC_FREE(c->toks);
    VEC_FREE(c->keys);
    VEC_FREE(c->ubuf2);
    VEC_FREE(c->spans3);
    VEC_FREE(c->stmp);
    VEC_FREE(c->hbuf);
    VEC_FREE(c->map_row);
    VEC_FREE(c->counts);
    VEC_FREE(c->cols);
    VEC_FREE(c->figcol);
    VEC_FREE(c->owncol);
    VEC_FREE(c->words);
    VEC_FREE(c->wcol);
    VEC_FREE(c->whas);
    VEC_FREE(c->labstart);
    VEC_FREE(c->labcount);
    VEC_FREE(c->labs);
    VEC_FREE(c->map);
    VEC_FREE(c->capl);
}

static int takes(PyObject *item) {
    if (!PyUnicode_Check(item)) return 0;
    if (PyUnicode_READY(item) < 0) return -1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(item);
    if (n >= MAX_DOC_CHARS) return 0;
    int kind = PyUnicode_KIND(item);
    if (kind == PyUnicode_1BYTE_KIND) return 1;
    const void *d = PyUnicode_DATA(item);
    for (Py_ssize_t i = 0; i < n; i++) {
        cp_t ch = rd(kind, d, i);
        if (ch >= 0xd800 && ch <= 0xdfff) return 0;
    }
    return 1;
}

static PyObject *build_result(Ctx *c) {
    static const char *const CI_NAMES[C_NI32] = {"doc", "table_ordinal", "segment", "line_no", "row_ordinal",
                                                 "row_sub", "label_occurrence", "column_ordinal", "char_start",
                                                 "char_end"};
    static const char *const CS_NAMES[C_NSTR] = {"area", "row_label", "row_label_filled", "column_label",
                                                 "raw_text", "value_kind", "value_clean"};
    static const char *const LI_NAMES[L_NI32] = {"doc", "line_no", "table_ordinal", "segment"};
    static const char *const LS_NAMES[L_NSTR] = {"kind", "text"};
    static const char *const TI_NAMES[T_NI32] = {"tab", "doc", "table_ordinal", "segment", "first_line",
                                                 "last_line"};
    static const char *const TS_NAMES[T_NSTR] = {"title", "header_text", "footnotes"};
    PyObject *res = NULL, *heap = NULL, *cells = NULL, *lines = NULL, *tables = NULL, *fb = NULL, *o = NULL;
    /* the heap's chunks, the current one last */
    VEC_PUSH(c, c->chunks, c->heap);
    c->heap.data = NULL;
    c->heap.len = c->heap.cap = 0;
    heap = PyList_New(0);
    if (!heap) goto fail;
    for (size_t i = 0; i < c->chunks.len; i++) {
        o = nbuf_take(c->chunks.data[i].data, c->chunks.data[i].len);
        c->chunks.data[i].data = NULL;
        if (!o || PyList_Append(heap, o) < 0) goto fail;
        Py_CLEAR(o);
    }
    cells = PyDict_New();
    lines = PyDict_New();
    tables = PyDict_New();
    if (!cells || !lines || !tables) goto fail;
#define PUT(dict, name, expr)                                      \
    do {                                                           \
        o = (expr);                                                \
        if (!o || PyDict_SetItemString((dict), (name), o) < 0) goto fail; \
        Py_CLEAR(o);                                               \
    } while (0)
    for (int i = 0; i < C_NI32; i++) PUT(cells, CI_NAMES[i], out_i32(&c->ci[i], i == C_DOC ? "u32" : "i32"));
    for (int i = 0; i < C_NSTR; i++) PUT(cells, CS_NAMES[i], out_str(&c->cs[i]));
    for (int i = 0; i < L_NI32; i++) PUT(lines, LI_NAMES[i], out_i32(&c->li[i], i == L_DOC ? "u32" : "i32"));
    for (int i = 0; i < L_NSTR; i++) PUT(lines, LS_NAMES[i], out_str(&c->ls[i]));
    for (int i = 0; i < T_NI32; i++)
        PUT(tables, TI_NAMES[i], out_i32(&c->ti[i], (i == T_DOC || i == T_TAB) ? "u32" : "i32"));
    for (int i = 0; i < T_NSTR; i++) PUT(tables, TS_NAMES[i], out_str(&c->ts[i]));
    PUT(tables, "is_terminated", out_bool(&c->tterm));
#undef PUT
    fb = PyList_New((Py_ssize_t)c->clean_fallback.len);
    if (!fb) goto fail;
    for (size_t i = 0; i < c->clean_fallback.len; i++) {
        PyObject *v = PyLong_FromLong(c->clean_fallback.data[i]);
        if (!v) goto fail;
        PyList_SET_ITEM(fb, (Py_ssize_t)i, v);
    }
    res = Py_BuildValue("{sNsNsNsNsN}", "heap", heap, "cells", cells, "lines", lines, "tables", tables,
                        "clean_fallback", fb);
    return res;
fail:
    Py_XDECREF(o);
    Py_XDECREF(heap);
    Py_XDECREF(cells);
    Py_XDECREF(lines);
    Py_XDECREF(tables);
    Py_XDECREF(fb);
    return NULL;
}

typedef struct {
    int kind;
    int ascii;
    const void *data;
    Py_ssize_t length;
} DocRef;

/* The parse of every document, run without the GIL (the caller holds a reference to each string, and
 * str objects are immutable). 0, or -1 when memory ran out. */
static int run_parse(Ctx *c, const DocRef *docs, Py_ssize_t ndocs) {
    if (setjmp(c->jb)) return -1;
    c->ci[C_ROW_ORDINAL].nullable = c->ci[C_LABEL_OCCURRENCE].nullable = 1;
    c->cs[C_ROW_LABEL].nullable = c->cs[C_ROW_LABEL_FILLED].nullable = 1;
    c->cs[C_COLUMN_LABEL].nullable = c->cs[C_VALUE_CLEAN].nullable = 1;
    for (int i = 0; i < T_NSTR; i++) c->ts[i].nullable = 1;
    /* sized for a typical batch (a cell per ~30 characters): no copy as the columns grow; pages never
     * written are never committed */
    size_t chars = 0;
    for (Py_ssize_t i = 0; i < ndocs; i++) chars += (size_t)docs[i].length;
    reserve_i32(c, c->ci, C_NI32, chars / 16 + 1024);
    reserve_str(c, c->cs, C_NSTR, chars / 16 + 1024);
    reserve_i32(c, c->li, L_NI32, chars / 256 + 1024);
    reserve_str(c, c->ls, L_NSTR, chars / 256 + 1024);
    VEC_RESERVE(c, c->heap, chars / 2 + 4096);
    for (Py_ssize_t i = 0; i < ndocs; i++) {
        c->kind = docs[i].kind;
        c->ascii = docs[i].ascii;
        c->data = docs[i].data;
        c->length = docs[i].length;
        c->doc = (uint32_t)i;
        parse_doc(c);
    }
    return 0;
}

static PyObject *py_parse(PyObject *self, PyObject *arg) {
    (void)self;
    PyObject *seq = PySequence_Fast(arg, "parse() takes a list of str");
    if (!seq) return NULL;
    Py_ssize_t ndocs = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    if (ndocs > (Py_ssize_t)INT32_MAX) {
        Py_DECREF(seq);
        Py_RETURN_NONE;
    }
    for (Py_ssize_t i = 0; i < ndocs; i++) {
        int ok = takes(items[i]);
        if (ok <= 0) {
            Py_DECREF(seq);
            if (ok < 0) return NULL;
            Py_RETURN_NONE;
        }
    }
    size_t n = (size_t)ndocs;
    PyObject **keep = malloc((n ? n : 1) * sizeof(PyObject *));
    DocRef *docs = malloc((n ? n : 1) * sizeof(DocRef));
    Ctx *c = calloc(1, sizeof(Ctx));
    if (!keep || !docs || !c) {
        free(keep);
        free(docs);
        free(c);
        Py_DECREF(seq);
        return PyErr_NoMemory();
    }
    for (size_t i = 0; i < n; i++) {
        PyObject *t = items[i];
        Py_INCREF(t);
        keep[i] = t;
        docs[i].kind = PyUnicode_KIND(t);
        docs[i].ascii = PyUnicode_IS_ASCII(t);
        docs[i].data = PyUnicode_DATA(t);
        docs[i].length = PyUnicode_GET_LENGTH(t);
    }
    Py_DECREF(seq);
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = run_parse(c, docs, ndocs);
    Py_END_ALLOW_THREADS
    PyObject *res = rc == 0 ? build_result(c) : PyErr_NoMemory();
    ctx_free(c);
    free(c);
    for (size_t i = 0; i < n; i++) Py_DECREF(keep[i]);
    free(keep);
    free(docs);
    return res;
}

static PyMethodDef methods[] = {
    {"parse", py_parse, METH_O,
     "parse(texts) -> dict of Arrow buffers (cells, lines, tables, heap, clean_fallback), or None when the "
     "batch is left to the reference implementation."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_tables_native",
    .m_doc = "Native core of loaders.tables (see loaders/_tables_native.c).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__tables_native(void) {
    V_TEXT = view_lit("text");
    V_NUMBER = view_lit("number");
    V_DATE = view_lit("date");
    V_UNREADABLE = view_lit("unreadable");
    V_KIND[VK_TEXT] = &V_TEXT;
    V_KIND[VK_NUMBER] = &V_NUMBER;
    V_KIND[VK_DATE] = &V_DATE;
    V_KIND[VK_UNREADABLE] = &V_UNREADABLE;
    V_DATA = view_lit("data");
    V_CAPTION = view_lit("caption");
    V_FOOTNOTE = view_lit("footnote");
    V_ROW_LABEL = view_lit("row_label");
    V_TITLE = view_lit("title");
    V_HEADER = view_lit("header");
    V_CAPTION_TEXT = view_lit("caption_text");
    if (PyType_Ready(&NBufType) < 0) return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (!m) return NULL;
    Py_INCREF(&NBufType);
    if (PyModule_AddObject(m, "Buffer", (PyObject *)&NBufType) < 0) {
        Py_DECREF(&NBufType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

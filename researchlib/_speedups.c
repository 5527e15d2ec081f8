/*
 * researchlib._speedups: the sentence splitter's rules, the word finder and the cleaning
 * steps that scan every character, in C.
 *
 * sentence_spans(text, titles, numbered, sometimes, openers_words, phrase_openers,
 *                lower_abbreviations, days, months, contractions, attribution,
 *                lower_attribution, signoffs, address_words, stamp_keepers,
 *                caption_words, credit_words, function_words)
 * applies exactly the rules of researchlib.sentences (its Python functions
 * _sentence_spans, _cut_paragraph, _cut_piece, _end_at, _note_end, _ellipsis_end,
 * _ends_before_lower, _writes_lower, _after_lower, _is_phrase, _list_marker, _find_marker
 * and _emit, and researchlib._sentence_breaks.structural_breaks, are the reference, and tests/test_sentences.py compares the two on real corpora and on
 * generated text).  Character classes use CPython's own Unicode predicates
 * (Py_UNICODE_ISSPACE and friends), which are what the `re` module and the
 * str methods of the Python rules use, so both agree on every code point.
 *
 * Returns (bounds, texts): bounds is bytes holding int64 triples
 * (start, end, n_words) per sentence; texts is the list of sentence strings.
 * n_words counts the starts of the words of researchlib._text.WORD_PATTERN
 * (judged on the whole text) inside the sentence.
 *
 * The frozensets hold the word lists of sentences.py (researchlib/_sentence_tables.py);
 * `attribution` is _ATTRIBUTION_RE.match, called only for "!", "?" or an ellipsis inside a
 * closed quotation, and `lower_attribution` _LOWER_ATTRIBUTION_RE.match, called only for
 * an unquoted "!" or "?" before a lower-case word.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    PyObject *text;
    Py_UCS4 *buf; /* the text's code points, copied once so every read is a plain load */
    Py_ssize_t len;
    PyObject *titles, *numbered, *sometimes, *openers_words, *phrase_openers,
        *lower_abbreviations, *days, *months, *contractions, *attribution, *lower_attribution,
        *signoffs, *address_words, *stamp_keepers, *caption_words, *credit_words,
        *function_words;
    Py_ssize_t *brk; /* a paragraph's unmarked ends (structural_breaks) */
    Py_ssize_t n_brk, cap_brk;
    Py_ssize_t *trig; /* where a token may meet a rule of structural_breaks (may_break) */
    Py_ssize_t n_trig, cap_trig, next_trig;
    Py_ssize_t *marks; /* where a . ! ? or … stands, in order */
    Py_ssize_t n_marks, cap_marks, next_mark;
    int writes_lower; /* sentences._writes_lower(text): -1 until asked */
    int64_t *out;
    Py_ssize_t n_out, cap_out;
    PyObject *texts;
} Ctx;

#define CH(c, i) ((c)->buf[(i)])
#define SPACE(c, i) Py_UNICODE_ISSPACE((c)->buf[(i)])

/* The longest entry of any of the word lists is far below this. */
#define MAX_LISTED 24

/*
 * Where sentence_spans' one pass over the text stops, by a character's low byte: 1 a
 * newline, 2 a mark (. ! ?), 4 a character of may_break (/ , : . - = * ~ >), 8 the low
 * byte of … — or – (the only characters above ASCII it stops at).
 */
static unsigned char scan_table[256];

/* The first newline, mark, … — – or character of may_break in buf[i:end], or end. */
static inline Py_ssize_t next_stop(const Py_UCS4 *buf, Py_ssize_t i, Py_ssize_t end)
{
    for (; i < end; i++) {
        Py_UCS4 ch = buf[i];
        unsigned char t = scan_table[ch & 0xFF];
        if (t && (ch < 128 ? t & 7 : (ch == 0x2026 || ch == 0x2014 || ch == 0x2013)))
            break;
    }
    return i;
}

/* No sentence end here (what the Python rules write as -1); -2 is an error. */
#define NO_END (-1)
#define FAILED (-2)

static inline int is_mark(Py_UCS4 ch)
{
    return ch == '.' || ch == '!' || ch == '?' || ch == 0x2026;
}

/* The first mark in text[i:end], or end: from the marks sentence_spans' pass recorded. */
static inline Py_ssize_t next_mark(Ctx *c, Py_ssize_t i, Py_ssize_t end)
{
    while (c->next_mark < c->n_marks && c->marks[c->next_mark] < i)
        c->next_mark++;
    return c->next_mark < c->n_marks && c->marks[c->next_mark] < end ? c->marks[c->next_mark]
                                                                      : end;
}

/* sentences._CLOSERS: " ” ’ ' » ) ] “ ‘ */
static inline int is_closer(Py_UCS4 ch)
{
    return ch == '"' || ch == 0x201D || ch == 0x2019 || ch == '\'' || ch == 0xBB ||
           ch == ')' || ch == ']' || ch == 0x201C || ch == 0x2018;
}

/* sentences._OPENERS: " “ ‘ ' « ( [ */
static inline int is_opener(Py_UCS4 ch)
{
    return ch == '"' || ch == 0x201C || ch == 0x2018 || ch == '\'' || ch == 0xAB ||
           ch == '(' || ch == '[';
}

/* sentences._BULLETS: • ‣ ⁃ ◦ ▪ */
static inline int is_bullet(Py_UCS4 ch)
{
    return ch == 0x2022 || ch == 0x2023 || ch == 0x2043 || ch == 0x25E6 || ch == 0x25AA;
}

/* What word.rstrip(sentences._TRAILING) removes. */
static inline int is_trailing(Py_UCS4 ch)
{
    return ch == '.' || ch == ',' || ch == ';' || ch == ':' || ch == '!' || ch == '?' ||
           is_closer(ch);
}

static inline int is_joiner(Py_UCS4 ch)
{
    return ch == '\'' || ch == 0x2019 || ch == '-';
}

static inline int is_ascii_letter(Py_UCS4 ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static inline int is_ascii_lower(Py_UCS4 ch)
{
    return ch >= 'a' && ch <= 'z';
}

static inline int is_ascii_digit(Py_UCS4 ch)
{
    return ch >= '0' && ch <= '9';
}

/* str.isalnum of one character, with the ASCII range answered without a table lookup. */
static inline int is_alnum(Py_UCS4 ch)
{
    if (ch < 128)
        return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    return Py_UNICODE_ISALNUM(ch);
}

/* Is buf[i] inside a word of WORD_PATTERN?  (alphanumeric, or a joiner between two.) */
static inline int in_word_at(const Py_UCS4 *buf, Py_ssize_t len, Py_ssize_t i)
{
    Py_UCS4 ch = buf[i];
    if (is_alnum(ch))
        return 1;
    if (!is_joiner(ch) || i == 0 || i + 1 >= len)
        return 0;
    return is_alnum(buf[i - 1]) && is_alnum(buf[i + 1]);
}

static inline int in_word(Ctx *c, Py_ssize_t i)
{
    return in_word_at(c->buf, c->len, i);
}

/* 1 if text[a:b] is in the set, 0 if not, -1 on error. */
static int listed(Ctx *c, PyObject *set, Py_ssize_t a, Py_ssize_t b)
{
    if (b - a > MAX_LISTED)
        return 0;
    PyObject *s = PyUnicode_Substring(c->text, a, b);
    if (s == NULL)
        return -1;
    int r = PySet_Contains(set, s);
    Py_DECREF(s);
    return r;
}

/* _ROMAN_RE.match(word): a run of I V X L C ending at a word boundary. */
static int roman(Ctx *c, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t i = a;
    while (i < b) {
        Py_UCS4 ch = CH(c, i);
        if (ch != 'I' && ch != 'V' && ch != 'X' && ch != 'L' && ch != 'C')
            break;
        i++;
    }
    if (i == a)
        return 0;
    if (i == b)
        return 1;
    Py_UCS4 next = CH(c, i);
    return !(Py_UNICODE_ISALNUM(next) || next == '_');
}

/* _DOTTED_RE.fullmatch(token): letter, then one or more ". letter". */
static int dotted(Ctx *c, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t n = b - a;
    if (n < 3 || n % 2 == 0)
        return 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = CH(c, a + i);
        if (i % 2 == 0 ? !is_ascii_letter(ch) : ch != '.')
            return 0;
    }
    return 1;
}

/*
 * The token before the marks at p: the non-space run ending at p within 40
 * characters (its start in *piece), opening marks stripped (its start returned).
 * Returns p when there is none.
 */
static Py_ssize_t token_start(Ctx *c, Py_ssize_t p, Py_ssize_t *piece)
{
    *piece = p;
    if (p == 0 || SPACE(c, p - 1))
        return p;
    Py_ssize_t lo = p > 40 ? p - 40 : 0;
    Py_ssize_t t0 = p;
    while (t0 > lo && !SPACE(c, t0 - 1))
        t0--;
    *piece = t0;
    while (t0 < p && is_opener(CH(c, t0)))
        t0++;
    return t0;
}

/* The end of word.rstrip(_TRAILING) for the word text[w0:w1]. */
static Py_ssize_t word_stem_end(Ctx *c, Py_ssize_t w0, Py_ssize_t w1)
{
    while (w1 > w0 && is_trailing(CH(c, w1 - 1)))
        w1--;
    return w1;
}

/* sentences._ellipsis_end: marks text[p:e] with n dots, match end f. */
static Py_ssize_t ellipsis_end(Ctx *c, Py_ssize_t p, Py_ssize_t e, Py_ssize_t f, Py_ssize_t dots,
                               Py_ssize_t first_space, int lower)
{
    if (lower)
        return NO_END;
    if (p == 0 || SPACE(c, p - 1))
        return dots == 3 ? NO_END : f;
    if (dots >= 4 && e == f)
        return first_space;
    return f;
}

/*
 * sentences._writes_lower: count the periods after a run of two or more ASCII
 * lower-case letters (after white space, an opening mark or the start; not an
 * abbreviation) followed by one space and a letter.  1, 0, or -1 on error.
 */
static int writes_lower(Ctx *c)
{
    Py_ssize_t lower = 0, upper = 0;
    for (Py_ssize_t i = 2; i + 2 < c->len; i++) {
        if (CH(c, i) != '.' || CH(c, i + 1) != ' ' || !is_ascii_letter(CH(c, i + 2)))
            continue;
        Py_ssize_t r0 = i;
        while (r0 > 0 && is_ascii_lower(CH(c, r0 - 1)))
            r0--;
        if (i - r0 < 2 || (r0 > 0 && !SPACE(c, r0 - 1) && !is_opener(CH(c, r0 - 1))))
            continue;
        int r = listed(c, c->lower_abbreviations, r0, i);
        if (r < 0)
            return -1;
        if (!r) {
            if (CH(c, i + 2) >= 'a')
                lower++;
            else
                upper++;
        }
    }
    return lower > 0 && lower >= upper;
}

/* sentences._writes_lower_cached: 1, 0, or -1 on error. */
static int lower_style(Ctx *c)
{
    if (c->writes_lower < 0)
        c->writes_lower = writes_lower(c);
    return c->writes_lower;
}

/* Does text[a:b] start with the ASCII string s? */
static int starts_with(Ctx *c, Py_ssize_t a, Py_ssize_t b, const char *s)
{
    for (; *s; s++, a++)
        if (a >= b || CH(c, a) != (Py_UCS4)(unsigned char)*s)
            return 0;
    return 1;
}

/* _EMOTICON_RE.fullmatch(text[a:b]): >?[:;=]-?[()DPpOo]{1,3} or \^_*\^ */
static int emoticon(Ctx *c, Py_ssize_t a, Py_ssize_t b)
{
    if (a < b && CH(c, a) == '^') {
        if (b - a < 2 || CH(c, b - 1) != '^')
            return 0;
        for (Py_ssize_t i = a + 1; i < b - 1; i++)
            if (CH(c, i) != '_')
                return 0;
        return 1;
    }
    if (a < b && CH(c, a) == '>')
        a++;
    if (a >= b || (CH(c, a) != ':' && CH(c, a) != ';' && CH(c, a) != '='))
        return 0;
    a++;
    if (a < b && CH(c, a) == '-')
        a++;
    if (b - a < 1 || b - a > 3)
        return 0;
    for (; a < b; a++) {
        Py_UCS4 ch = CH(c, a);
        if (ch != '(' && ch != ')' && ch != 'D' && ch != 'P' && ch != 'p' && ch != 'O' && ch != 'o')
            return 0;
    }
    return 1;
}

/* _NOTE_MARK_RE.fullmatch(text[a:b]): [0-9]{1,3}\][.,;:] */
static int note_mark(Ctx *c, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t d = 0;
    while (a + d < b && d < 4 && is_ascii_digit(CH(c, a + d)))
        d++;
    if (d < 1 || d > 3 || b - a != d + 2 || CH(c, a + d) != ']')
        return 0;
    Py_UCS4 ch = CH(c, a + d + 1);
    return ch == '.' || ch == ',' || ch == ';' || ch == ':';
}

/* _SECTION_RE.fullmatch(text[a:b]): [*#]?[0-9]{1,2}(?:\.[0-9]{1,2})* */
static int section_number(Ctx *c, Py_ssize_t a, Py_ssize_t b)
{
    if (a < b && (CH(c, a) == '*' || CH(c, a) == '#'))
        a++;
    for (;;) {
        Py_ssize_t d = 0;
        while (a + d < b && d < 3 && is_ascii_digit(CH(c, a + d)))
            d++;
        if (d < 1 || d > 2)
            return 0;
        a += d;
        if (a == b)
            return 1;
        if (CH(c, a) != '.')
            return 0;
        a++;
    }
}

/* sentences._is_opener for the word text[w0:w1]: 1, 0, or -1 on error. */
static int opener(Ctx *c, Py_ssize_t w0, Py_ssize_t w1)
{
    Py_ssize_t e = word_stem_end(c, w0, w1);
    int r = listed(c, c->openers_words, w0, e);
    if (r)
        return r;
    /* stem.partition("'" if "'" in stem else "’") */
    Py_ssize_t k = -1;
    for (Py_ssize_t i = w0; i < e && k < 0; i++)
        if (CH(c, i) == '\'')
            k = i;
    for (Py_ssize_t i = w0; i < e && k < 0; i++)
        if (CH(c, i) == 0x2019)
            k = i;
    if (k < 0)
        return 0;
    r = listed(c, c->contractions, k + 1, e);
    if (r <= 0)
        return r;
    return listed(c, c->openers_words, w0, k);
}

/* sentences._ends_before_lower for the next word text[w0:w1]: 1, 0, or -1 on error. */
static int ends_before_lower(Ctx *c, Py_ssize_t p, Py_ssize_t e, Py_ssize_t f, Py_ssize_t w0,
                             Py_ssize_t w1, Py_ssize_t limit)
{
    if (e != f)
        return 0;
    Py_ssize_t piece;
    Py_ssize_t t0 = token_start(c, p, &piece);
    if (CH(c, e - 1) == '!' || CH(c, e - 1) == '?') {
        if (e - p == 1 && CH(c, p) == '!' && t0 < p && Py_UNICODE_ISUPPER(CH(c, t0)))
            return 0;
        PyObject *r = PyObject_CallFunction(c->lower_attribution, "Onn", c->text, w0, limit);
        if (r == NULL)
            return -1;
        int attributed = r != Py_None;
        Py_DECREF(r);
        return !attributed;
    }
    if (e - p != 1 || CH(c, p) != '.')
        return 0;
    /* _NUMBER_TOKEN_RE: a digit and no ASCII letter */
    int digit = 0, letter = 0;
    for (Py_ssize_t k = t0; k < p; k++) {
        digit |= is_ascii_digit(CH(c, k));
        letter |= is_ascii_letter(CH(c, k));
    }
    if (digit && !letter)
        return lower_style(c);
    if (p - t0 < 2)
        return 0;
    for (Py_ssize_t k = t0; k < p; k++)
        if (!is_ascii_lower(CH(c, k)))
            return 0;
    int r = listed(c, c->lower_abbreviations, t0, p);
    if (r)
        return r < 0 ? -1 : 0;
    if (CH(c, w0 - 1) == '(')
        return 1; /* a parenthesis opens the next sentence */
    if ((w1 - w0 == 1 && CH(c, w0) == 'i') ||
        (w1 - w0 >= 2 && CH(c, w0) == 'i' && (CH(c, w0 + 1) == '\'' || CH(c, w0 + 1) == 0x2019)))
        return 1;
    return lower_style(c);
}

/* sentences._after_lower: does the word before pos, from begin on, start in lower case? */
static int after_lower(Ctx *c, Py_ssize_t begin, Py_ssize_t pos)
{
    Py_ssize_t x = pos;
    while (x > begin && SPACE(c, x - 1))
        x--;
    if (x <= begin)
        return 0;
    Py_ssize_t y = x;
    while (y > begin && !SPACE(c, y - 1))
        y--;
    return Py_UNICODE_ISLOWER(CH(c, y));
}

/* sentences._is_phrase: 1, 0, or -1 on error. */
static int is_phrase(Ctx *c, Py_ssize_t begin, Py_ssize_t pos)
{
    Py_ssize_t k = begin, a = 0, b = 0;
    int words = 0;
    while (k < pos) {
        while (k < pos && SPACE(c, k))
            k++;
        if (k == pos)
            break;
        Py_ssize_t s = k;
        while (k < pos && !SPACE(c, k))
            k++;
        if (++words == 1) {
            a = s;
            b = k;
        }
        else if (words > 5)
            return 0;
    }
    return words ? listed(c, c->phrase_openers, a, b) : 0;
}

/* sentences._CITATION_RE.match(text, f, limit): white space, "(" 1-40 plain characters ")", then . ; : */
static int citation(Ctx *c, Py_ssize_t f, Py_ssize_t limit)
{
    Py_ssize_t k = f;
    while (k < limit && SPACE(c, k))
        k++;
    if (k == f || k >= limit || CH(c, k) != '(')
        return 0;
    Py_ssize_t s = ++k;
    while (k < limit) {
        Py_UCS4 ch = CH(c, k);
        if (ch == '(' || ch == ')' || ch == '.' || ch == '!' || ch == '?' || ch == 0x2026)
            break;
        k++;
    }
    if (k == s || k - s > 40 || k + 1 >= limit || CH(c, k) != ')')
        return 0;
    Py_UCS4 ch = CH(c, k + 1);
    return ch == '.' || ch == ';' || ch == ':';
}

/* 1 if the token tok (NULL: longer than any listed word) is in the set, 0 if not, -1 on error. */
static inline int has(PyObject *set, PyObject *tok)
{
    return tok == NULL ? 0 : PySet_Contains(set, tok);
}

/*
 * The rules of sentences._end_at that look at the token text[t0:p] before the marks
 * (tok, as a string), from the titles on.  The cut position, NO_END or FAILED.
 */
static Py_ssize_t token_rules(Ctx *c, PyObject *tok, Py_ssize_t p, Py_ssize_t e, Py_ssize_t f,
                              Py_ssize_t w0, Py_ssize_t w1, Py_ssize_t begin, Py_ssize_t piece,
                              Py_ssize_t t0)
{
    Py_UCS4 first = CH(c, w0);
    int r = has(c->titles, tok);
    if (r)
        return r < 0 ? FAILED : NO_END;
    if (p - t0 == 1 && CH(c, t0) >= 'a' && CH(c, t0) <= 'z')
        return NO_END; /* "(b. 1950)", "c. 1420" */
    r = has(c->numbered, tok);
    if (r)
        return r < 0 ? FAILED : ((Py_UNICODE_ISDIGIT(first) || roman(c, w0, w1)) ? NO_END : f);
    if (Py_UNICODE_ISDIGIT(first)) {
        r = has(c->lower_abbreviations, tok);
        if (r)
            return r < 0 ? FAILED : NO_END; /* "div. 1964" */
    }
    r = has(c->days, tok);
    if (r) {
        if (r < 0)
            return FAILED;
        if (Py_UNICODE_ISDIGIT(first))
            return NO_END;
        r = listed(c, c->months, w0, word_stem_end(c, w0, w1));
        return r < 0 ? FAILED : (r ? NO_END : f);
    }
    if (e - p == 1 && CH(c, p) == '.' && section_number(c, t0, p)) {
        /* text[begin:piece], stripped: empty, or ending in ":" before a first label */
        Py_ssize_t x = piece;
        while (x > begin && SPACE(c, x - 1))
            x--;
        Py_ssize_t s0 = begin;
        while (s0 < x && SPACE(c, s0))
            s0++;
        Py_ssize_t d = t0;
        while (d < p && (CH(c, d) == '*' || CH(c, d) == '#'))
            d++;
        if (s0 == x || (p - d == 1 && CH(c, d) == '1' && CH(c, x - 1) == ':'))
            return NO_END; /* "2.1. Data", "*4. The", "problems: 1. I" */
    }
    if (p - t0 == 3 && CH(c, t0) == 'e' && CH(c, t0 + 1) == 't' && CH(c, t0 + 2) == 'c' &&
        Py_UNICODE_ISUPPER(first) && CH(c, w0 - 1) != '(' && CH(c, w0 - 1) != '[')
        return f; /* "schools, etc. Flowers were laid" */
    r = has(c->sometimes, tok);
    if (r < 0)
        return FAILED;
    if (r || (p - t0 == 1 && Py_UNICODE_ISUPPER(CH(c, t0))) || dotted(c, t0, p)) {
        if (p - t0 == 1 && CH(c, t0) == 'I' && after_lower(c, begin, piece))
            return f;
        r = is_phrase(c, begin, p);
        if (r)
            return r < 0 ? FAILED : NO_END;
        r = opener(c, w0, w1);
        return r < 0 ? FAILED : (r ? f : NO_END);
    }
    return f;
}


/*
 * sentences._end_at for the candidate whose marks are text[p:e], closers text[e:q],
 * footnote markers text[q:f] and next word text[w0:w1]; begin is where the
 * sentence starts, limit the paragraph end.  The cut position, NO_END or FAILED.
 */
static Py_ssize_t end_at(Ctx *c, Py_ssize_t p, Py_ssize_t e, Py_ssize_t q, Py_ssize_t f,
                         Py_ssize_t w0, Py_ssize_t w1, Py_ssize_t begin, Py_ssize_t limit)
{
    if (w0 == w1)
        return f;
    if (emoticon(c, w0, w1))
        return w1;
    if (p > 0 && (CH(c, p - 1) == ':' || CH(c, p - 1) == ',') && CH(c, p) == '?')
        return NO_END;
    if (CH(c, w0 - 1) == '[' && note_mark(c, w0, w1))
        return NO_END;
    Py_UCS4 first = CH(c, w0);
    int lower = Py_UNICODE_ISLOWER(first);
    Py_ssize_t dots = 0, first_space = -1;
    int bang = 0, other = 0;
    for (Py_ssize_t i = p; i < e; i++) {
        Py_UCS4 ch = CH(c, i);
        if (ch == '.')
            dots++;
        else if (ch == ' ') {
            if (first_space < 0)
                first_space = i;
        }
        else if (ch == '!' || ch == '?')
            bang = 1;
        else
            other = 1;
    }
    if (first_space >= 0 && dots >= 3 && !bang && !other)
        return ellipsis_end(c, p, e, f, dots, first_space, lower);
    if (lower && !starts_with(c, w0, w1, "http://") && !starts_with(c, w0, w1, "https://") &&
        !starts_with(c, w0, w1, "www.")) {
        int r = ends_before_lower(c, p, e, f, w0, w1, limit);
        return r < 0 ? FAILED : (r ? f : NO_END);
    }
    int closed = q > e;
    if (closed && citation(c, f, limit))
        return NO_END;
    int ellipsis = CH(c, e - 1) == 0x2026 ||
                   (e - p >= 3 && CH(c, e - 1) == '.' && CH(c, e - 2) == '.' && CH(c, e - 3) == '.');
    if (bang || (closed && ellipsis)) {
        if (!closed)
            return f;
        PyObject *r = PyObject_CallFunction(c->attribution, "Onn", c->text, w0, limit);
        if (r == NULL)
            return FAILED;
        int attributed = r != Py_None;
        Py_DECREF(r);
        return attributed ? NO_END : f;
    }
    if (closed || ellipsis)
        return f;
    if (e - p == 2 && CH(c, p) == '.' && CH(c, p + 1) == '.' && p > 0 && !SPACE(c, p - 1))
        return f;
    Py_ssize_t piece;
    Py_ssize_t t0 = token_start(c, p, &piece);
    if (t0 == p)
        return f;
    /* The token as one string, hashed once for all the word lists (None of them holds
       anything longer than MAX_LISTED). */
    PyObject *tok = NULL;
    if (p - t0 <= MAX_LISTED) {
        tok = PyUnicode_Substring(c->text, t0, p);
        if (tok == NULL)
            return FAILED;
    }
    Py_ssize_t cut = token_rules(c, tok, p, e, f, w0, w1, begin, piece, t0);
    Py_XDECREF(tok);
    return cut;
}

/* sentences._note_end: the end f moved past a footnote number before an opener, or FAILED. */
static Py_ssize_t note_end(Ctx *c, Py_ssize_t f, Py_ssize_t limit)
{
    Py_ssize_t k = f;
    while (k < limit && SPACE(c, k))
        k++;
    if (k == f)
        return f;
    Py_ssize_t d0 = k;
    while (k < limit && k - d0 < 3 && is_ascii_digit(CH(c, k)))
        k++;
    if (k == d0 || k >= limit || !SPACE(c, k))
        return f;
    Py_ssize_t n = k;
    while (k < limit && SPACE(c, k))
        k++;
    if (k >= limit)
        return f;
    Py_ssize_t w0 = k;
    while (k < limit && !SPACE(c, k))
        k++;
    int r = opener(c, w0, k);
    return r < 0 ? FAILED : (r ? n : f);
}

/* sentences._emit: text[a:b] without surrounding white space, if anything is left. */
static int emit(Ctx *c, Py_ssize_t a, Py_ssize_t b)
{
    while (a < b && SPACE(c, a))
        a++;
    if (a >= b)
        return 0;
    while (b > a && SPACE(c, b - 1))
        b--;
    int64_t words = 0;
    int prev = a > 0 && in_word(c, a - 1);
    const Py_UCS4 *buf = c->buf;
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 ch = buf[i];
        int cur;
        if (ch < 128)
            cur = (ch - '0' < 10u) || ((ch | 0x20) - 'a' < 26u) ||
                  (is_joiner(ch) && in_word_at(buf, c->len, i));
        else
            cur = in_word_at(buf, c->len, i);
        words += cur & !prev;
        prev = cur;
    }
    if (c->n_out + 3 > c->cap_out) {
        Py_ssize_t cap = c->cap_out ? 2 * c->cap_out : 768;
        int64_t *grown = PyMem_Realloc(c->out, (size_t)cap * sizeof(int64_t));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        c->out = grown;
        c->cap_out = cap;
    }
    c->out[c->n_out++] = a;
    c->out[c->n_out++] = b;
    c->out[c->n_out++] = words;
    PyObject *s = PyUnicode_Substring(c->text, a, b);
    if (s == NULL)
        return -1;
    int r = PyList_Append(c->texts, s);
    Py_DECREF(s);
    return r;
}

/*
 * A list marker (sentences._list_marker): where it ends (-1 without one) and the
 * bullet and label ("2.", "b)") of the marker that opens the next item.
 */
typedef struct {
    Py_ssize_t end;
    int following; /* is there a next marker to look for? */
    Py_UCS4 bullet; /* 0: none */
    Py_UCS4 label[8];
    Py_ssize_t label_len;
} Marker;

static void list_marker(Ctx *c, Py_ssize_t pos, Py_ssize_t limit, Marker *m)
{
    m->end = -1;
    m->following = 0;
    m->bullet = 0;
    m->label_len = 0;
    while (pos < limit && SPACE(c, pos))
        pos++;
    if (pos < limit && is_bullet(CH(c, pos)))
        m->bullet = CH(c, pos++);
    Py_ssize_t at = m->bullet && pos < limit && CH(c, pos) == ' ' ? pos + 1 : pos;
    /* _LABEL_RE: ([0-9]{1,2}|[a-z])(\.\)|\.|\))(?=\s) */
    Py_ssize_t d = 0;
    if (at < limit && is_ascii_digit(CH(c, at)))
        d = at + 1 < limit && is_ascii_digit(CH(c, at + 1)) ? 2 : 1;
    else if (at < limit && CH(c, at) >= 'a' && CH(c, at) <= 'z')
        d = 1;
    if (d) {
        Py_ssize_t k = at + d, stop = 0;
        if (k < limit && CH(c, k) == '.') {
            if (k + 2 < limit && CH(c, k + 1) == ')' && SPACE(c, k + 2))
                stop = k + 2;
            else if (k + 1 < limit && SPACE(c, k + 1))
                stop = k + 1;
        }
        else if (k < limit && CH(c, k) == ')' && k + 1 < limit && SPACE(c, k + 1))
            stop = k + 1;
        if (stop) {
            m->end = stop;
            Py_ssize_t n = 0;
            if (is_ascii_digit(CH(c, at))) {
                int value = 0;
                for (Py_ssize_t i = at; i < at + d; i++)
                    value = 10 * value + (int)(CH(c, i) - '0');
                value++;
                char digits[8];
                int len = snprintf(digits, sizeof digits, "%d", value);
                for (int i = 0; i < len; i++)
                    m->label[n++] = (Py_UCS4)digits[i];
            }
            else if (CH(c, at) != 'z')
                m->label[n++] = CH(c, at) + 1;
            if (n) {
                for (Py_ssize_t i = at + d; i < stop; i++)
                    m->label[n++] = CH(c, i);
                m->label_len = n;
                m->following = 1;
            }
            return;
        }
    }
    if (m->bullet && pos < limit && SPACE(c, pos)) {
        m->end = pos;
        m->following = 1;
    }
}

/* sentences._find_marker: start of the first next marker starting in text[lo:hi], or -1. */
static Py_ssize_t find_marker(Ctx *c, Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t limit,
                              const Marker *m)
{
    Py_UCS4 key = m->bullet ? m->bullet : m->label[0];
    Py_ssize_t key_len = m->bullet ? 1 : m->label_len;
    for (Py_ssize_t j = lo; j < hi && j + key_len <= limit; j++) {
        if (CH(c, j) != key || j == 0 || !SPACE(c, j - 1))
            continue;
        Py_ssize_t k = j;
        if (m->bullet) {
            k++;
            if (m->label_len && k < limit && CH(c, k) == ' ')
                k++;
        }
        if (k + m->label_len > limit)
            continue;
        Py_ssize_t i = 0;
        while (i < m->label_len && CH(c, k + i) == m->label[i])
            i++;
        if (i < m->label_len)
            continue;
        k += m->label_len;
        if (k < limit && SPACE(c, k))
            return j;
    }
    return -1;
}

/*
 * _CANDIDATE_RE at the mark text[i] (a run of marks ends at m1) within text[:end]:
 * sets the ends of the marks (*e, spaced dots included), closers (*q) and footnote
 * markers (*f); 0 when no candidate starts here (*q is then the end of the closers).
 */
static int candidate(Ctx *c, Py_ssize_t m1, Py_ssize_t end, Py_ssize_t *e, Py_ssize_t *q,
                     Py_ssize_t *f)
{
    Py_ssize_t x = m1;
    while (x + 1 < end && CH(c, x) == ' ' && CH(c, x + 1) == '.')
        x += 2;
    for (;;) {
        Py_ssize_t k = x;
        while (k < end && is_closer(CH(c, k)))
            k++;
        *e = x;
        *q = k;
        /* footnote markers: (?: ?\[(?:[0-9]{1,3}|[a-z]|\.\.\.|…)\])*, the longest run followed by white space */
        Py_ssize_t best = k == end || SPACE(c, k) ? k : -1;
        for (;;) {
            Py_ssize_t y = k < end && CH(c, k) == ' ' ? k + 1 : k;
            if (y >= end || CH(c, y) != '[')
                break;
            y++;
            Py_ssize_t d = 0;
            while (d < 3 && y + d < end && is_ascii_digit(CH(c, y + d)))
                d++;
            if (d == 0 && y < end && CH(c, y) >= 'a' && CH(c, y) <= 'z')
                d = 1;
            else if (d == 0 && y < end && CH(c, y) == 0x2026)
                d = 1; /* "[…]" */
            else if (d == 0 && y + 2 < end && CH(c, y) == '.' && CH(c, y + 1) == '.' &&
                     CH(c, y + 2) == '.')
                d = 3; /* "[...]" */
            if (d == 0 || y + d >= end || CH(c, y + d) != ']')
                break;
            k = y + d + 1;
            if (k == end || SPACE(c, k))
                best = k;
        }
        if (best >= 0) {
            *f = best;
            return 1;
        }
        if (x == m1)
            return 0;
        x -= 2; /* one spaced dot fewer: the space that follows ends the candidate */
    }
}

/* sentences._cut_piece over text[start:end], with _CANDIDATE_RE's search order. */
static int cut_piece(Ctx *c, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t begin = start, i = start;
    Marker mk;
    list_marker(c, begin, end, &mk);
    Py_ssize_t scan = mk.end;
    while (i < end) {
        i = next_mark(c, i, end);
        if (i == end)
            break;
        Py_ssize_t m1 = i;
        while (m1 < end && is_mark(CH(c, m1)))
            m1++;
        Py_ssize_t e, q, f;
        if (!candidate(c, m1, end, &e, &q, &f)) {
            /* No match starts in text[i:q]: the later marks share this tail. */
            i = q;
            continue;
        }
        while (mk.following) {
            Py_ssize_t at = find_marker(c, scan, i, end, &mk);
            if (at < 0) {
                if (i > scan)
                    scan = i;
                break;
            }
            if (emit(c, begin, at) < 0)
                return -1;
            begin = at;
            list_marker(c, begin, end, &mk);
            scan = mk.end;
        }
        if (i >= mk.end && f < end) {
            Py_ssize_t w0 = f;
            while (w0 < end && SPACE(c, w0))
                w0++;
            while (w0 < end && is_opener(CH(c, w0)))
                w0++;
            Py_ssize_t w1 = w0;
            while (w1 < end && !SPACE(c, w1))
                w1++;
            Py_ssize_t cut = end_at(c, i, e, q, f, w0, w1, begin, end);
            if (cut == f)
                cut = note_end(c, f, end);
            if (cut == FAILED)
                return -1;
            if (cut >= 0) {
                if (emit(c, begin, cut) < 0)
                    return -1;
                begin = cut;
                list_marker(c, begin, end, &mk);
                scan = mk.end;
            }
        }
        i = f;
    }
    while (mk.following) {
        Py_ssize_t at = find_marker(c, scan, end, end, &mk);
        if (at < 0)
            break;
        if (emit(c, begin, at) < 0)
            return -1;
        begin = at;
        list_marker(c, begin, end, &mk);
        scan = mk.end;
    }
    return emit(c, begin, end);
}

/*
 * Unmarked sentence ends: researchlib._sentence_breaks.structural_breaks and its helpers.
 * Every rule there looks at one token (a run of non-space characters) and its neighbours,
 * and each such token holds one of the characters of scan_table (the pass that finds
 * paragraph breaks also stops at them) where may_break holds; only those tokens are judged.
 */

/* Append p to the array *v (*n used, *cap allocated); 0, or -1 with MemoryError. */
static int push(Py_ssize_t **v, Py_ssize_t *n, Py_ssize_t *cap, Py_ssize_t p)
{
    if (*n == *cap) {
        Py_ssize_t grown_cap = *cap ? 2 * *cap : 16;
        Py_ssize_t *grown = PyMem_Realloc(*v, (size_t)grown_cap * sizeof(Py_ssize_t));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        *v = grown;
        *cap = grown_cap;
    }
    (*v)[(*n)++] = p;
    return 0;
}

static int add_break(Ctx *c, Py_ssize_t p)
{
    return push(&c->brk, &c->n_brk, &c->cap_brk, p);
}

/*
 * A quick necessary condition for a rule of structural_breaks at the token holding the
 * trigger character text[i]: a date's "9/1", a comma after a letter before white space and
 * a capital, "://", a lower-case letter before ":", "www.", two of - = * ~ in a row, — or –,
 * a ">" before white space.
 */
static int may_break(Ctx *c, Py_ssize_t i)
{
    Py_UCS4 ch = CH(c, i);
    Py_UCS4 prev = i > 0 ? CH(c, i - 1) : 0, next = i + 1 < c->len ? CH(c, i + 1) : 0;
    switch (ch) {
    case '/':
        return is_ascii_digit(prev) && is_ascii_digit(next);
    case ',': {
        if (!is_ascii_letter(prev) || i + 1 >= c->len || !SPACE(c, i + 1))
            return 0;
        Py_ssize_t k = i + 1;
        while (k < c->len && SPACE(c, k))
            k++;
        return k < c->len && CH(c, k) >= 'A' && CH(c, k) <= 'Z';
    }
    case ':':
        return next == '/' || is_ascii_lower(prev);
    case '.':
        return i >= 3 && prev == 'w' && CH(c, i - 2) == 'w' && CH(c, i - 3) == 'w';
    case '-':
    case '=':
    case '*':
    case '~':
        return next == ch;
    case '>':
        return i + 1 < c->len && SPACE(c, i + 1);
    default: /* — – */
        return 1;
    }
}

/* _prev_token: the last token ending at or before pos, not before start; 0 when none. */
static int prev_token(Ctx *c, Py_ssize_t start, Py_ssize_t pos, Py_ssize_t *p0, Py_ssize_t *p1)
{
    Py_ssize_t b = pos;
    while (b > start && SPACE(c, b - 1))
        b--;
    Py_ssize_t a = b;
    while (a > start && !SPACE(c, a - 1))
        a--;
    *p0 = a;
    *p1 = b;
    return a < b;
}

/* _next_token: start of the first token at or after pos before end, or -1. */
static Py_ssize_t next_token(Ctx *c, Py_ssize_t pos, Py_ssize_t end)
{
    while (pos < end && SPACE(c, pos))
        pos++;
    return pos < end ? pos : -1;
}

static Py_ssize_t digit_run(Ctx *c, Py_ssize_t i, Py_ssize_t end)
{
    while (i < end && is_ascii_digit(CH(c, i)))
        i++;
    return i;
}

/* _STAMP_RE.match at the token start a: the end of the date and time, or -1. */
static Py_ssize_t stamp_at(Ctx *c, Py_ssize_t a, Py_ssize_t end)
{
    Py_ssize_t i = a, d;
    for (int part = 0; part < 2; part++) { /* [0-9]{1,2}/ twice */
        d = digit_run(c, i, end);
        if (d == i || d - i > 2 || d >= end || CH(c, d) != '/')
            return -1;
        i = d + 1;
    }
    d = digit_run(c, i, end);
    if (d - i != 2 && d - i != 4)
        return -1;
    i = d;
    if (i < end && CH(c, i) == ',')
        i++;
    d = i;
    while (i < end && SPACE(c, i))
        i++;
    if (i == d)
        return -1;
    d = digit_run(c, i, end);
    if (d == i || d - i > 2 || d >= end || CH(c, d) != ':')
        return -1;
    i = d + 1;
    d = digit_run(c, i, end);
    if (d - i != 2)
        return -1;
    i = d;
    if (i < end && CH(c, i) == ':' && digit_run(c, i + 1, end) - (i + 1) == 2)
        i += 3;
    Py_ssize_t j = i < end && CH(c, i) == ' ' ? i + 1 : i;
    if (j + 2 <= end && (j + 2 == end || SPACE(c, j + 2))) {
        Py_UCS4 x = CH(c, j), y = CH(c, j + 1);
        if (((x == 'A' || x == 'P') && y == 'M') || ((x == 'a' || x == 'p') && y == 'm'))
            return j + 2;
    }
    return i >= end || SPACE(c, i) ? i : -1;
}

/* _SEPARATOR_RE.fullmatch(text[a:b]): four or more of one of - = * ~ */
static int separator(Ctx *c, Py_ssize_t a, Py_ssize_t b)
{
    if (b - a < 4)
        return 0;
    Py_UCS4 ch = CH(c, a);
    if (ch != '-' && ch != '=' && ch != '*' && ch != '~')
        return 0;
    for (Py_ssize_t k = a + 1; k < b; k++)
        if (CH(c, k) != ch)
            return 0;
    return 1;
}

/* 1 if the code points in tmp[0:n] form a string of the set, 0 if not, -1 on error. */
static int listed_chars(PyObject *set, const Py_UCS4 *tmp, Py_ssize_t n)
{
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, tmp, n);
    if (s == NULL)
        return -1;
    int r = PySet_Contains(set, s);
    Py_DECREF(s);
    return r;
}

/* _is_signoff for the comma ending the token text[a:b] (b = comma + 1); the name starts at n. */
static int signoff(Ctx *c, Py_ssize_t start, Py_ssize_t a, Py_ssize_t b, Py_ssize_t n,
                   Py_ssize_t end)
{
    Py_ssize_t m = n + 1;
    while (m < end && (is_ascii_letter(CH(c, m)) || CH(c, m) == '\'' || CH(c, m) == 0x2019 ||
                       CH(c, m) == '-'))
        m++;
    if (m < end && (CH(c, m) == '.' || CH(c, m) == '!' || CH(c, m) == '?'))
        return 0;
    int r = listed(c, c->address_words, n, m);
    if (!r)
        r = listed(c, c->titles, n, m);
    if (r)
        return r < 0 ? -1 : 0;
    r = listed(c, c->signoffs, a, b - 1);
    if (r)
        return r;
    Py_ssize_t p0, p1;
    if (!prev_token(c, start, a, &p0, &p1) || (p1 - p0) + 1 + (b - 1 - a) > MAX_LISTED)
        return 0;
    Py_UCS4 tmp[MAX_LISTED];
    Py_ssize_t k = 0;
    for (Py_ssize_t x = p0; x < p1; x++)
        tmp[k++] = CH(c, x);
    tmp[k++] = ' ';
    for (Py_ssize_t x = a; x < b - 1; x++)
        tmp[k++] = CH(c, x);
    return listed_chars(c->signoffs, tmp, k);
}

/* _broke_off for the dash token text[a:b]: 1, 0, or -1 on error. */
static int broke_off(Ctx *c, Py_ssize_t start, Py_ssize_t a, Py_ssize_t b, Py_ssize_t end)
{
    Py_ssize_t p0, p1, n = next_token(c, b, end);
    if (!prev_token(c, start, a, &p0, &p1) || n < 0)
        return 0;
    Py_ssize_t n1 = n;
    while (n1 < end && !SPACE(c, n1))
        n1++;
    int r = opener(c, n, n1);
    if (r <= 0)
        return r;
    if (p1 - p0 > MAX_LISTED)
        return 0;
    Py_UCS4 tmp[MAX_LISTED];
    for (Py_ssize_t x = p0; x < p1; x++) {
        Py_UCS4 ch = CH(c, x);
        if (!is_ascii_letter(ch))
            return 0;
        tmp[x - p0] = ch | 0x20;
    }
    r = listed_chars(c->function_words, tmp, p1 - p0);
    if (r <= 0)
        return r;
    Py_ssize_t m = n;
    while (m < end && is_ascii_letter(CH(c, m)))
        m++;
    if (m - n == 1 && CH(c, n) == 'I')
        return 0;
    if (m - n != p1 - p0)
        return 1;
    for (Py_ssize_t x = 0; x < m - n; x++)
        if ((CH(c, n + x) | 0x20) != tmp[x])
            return 1;
    return 0;
}

/* _greeting_end: the end of a greeting starting at the token at p, or -1. */
static Py_ssize_t greeting_end(Ctx *c, Py_ssize_t p, Py_ssize_t end)
{
    int words = 0;
    int dear = 0;
    while (p >= 0) {
        Py_ssize_t q = p;
        while (q < end && !SPACE(c, q))
            q++;
        Py_UCS4 mark;
        if ((q - p == 1 && CH(c, p) == '-') || (q - p == 2 && CH(c, p) == '-' && CH(c, p + 1) == '-')) {
            if (!words)
                return -1;
            mark = '-';
        } else if (CH(c, p) >= 'A' && CH(c, p) <= 'Z') {
            if (++words > 4)
                return -1;
            if (words == 1)
                dear = q - p == 4 && CH(c, p + 1) == 'e' && CH(c, p + 2) == 'a' && CH(c, p + 3) == 'r';
            mark = CH(c, q - 1);
            if (mark != ',' && mark != ':' && mark != '-') {
                p = next_token(c, q, end);
                continue;
            }
        } else {
            return -1;
        }
        if (mark == ',' && !dear)
            return -1;
        Py_ssize_t n = next_token(c, q, end);
        return n >= 0 && !Py_UNICODE_ISLOWER(CH(c, n)) ? q : -1;
    }
    return -1;
}

/* _is_address for the token text[a:b] ending in ">". */
static int is_address(Ctx *c, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t at = b - 1;
    while (at >= a && CH(c, at) != '@')
        at--;
    if (at < a)
        return 0;
    int dot = 0;
    for (Py_ssize_t k = at + 1; k < b - 1; k++) {
        if (CH(c, k) == '>')
            return 0;
        dot |= CH(c, k) == '.';
    }
    return dot;
}

/* The rules of structural_breaks for the token text[a:b]; 0, or -1 on error. */
static int token_breaks(Ctx *c, Py_ssize_t start, Py_ssize_t a, Py_ssize_t b, Py_ssize_t end)
{
    Py_ssize_t p0, p1, n;
    Py_UCS4 first = CH(c, a), last = CH(c, b - 1);
    if (is_ascii_digit(first)) {
        Py_ssize_t s = stamp_at(c, a, end);
        if (s >= 0) {
            n = next_token(c, s, end);
            if (n >= 0 && !Py_UNICODE_ISLOWER(CH(c, n))) {
                if (add_break(c, s) < 0)
                    return -1;
                Py_ssize_t g = greeting_end(c, n, end);
                if (g >= 0 && add_break(c, g) < 0)
                    return -1;
            }
            if (prev_token(c, start, a, &p0, &p1) &&
                (is_alnum(CH(c, p1 - 1)) || CH(c, p1 - 1) == '>')) {
                int r = listed(c, c->stamp_keepers, p0, p1);
                if (r < 0 || (!r && add_break(c, p1) < 0))
                    return -1;
            }
        }
    }
    if (last == ',' && (n = next_token(c, b, end)) >= 0 && n > b && CH(c, n) >= 'A' &&
        CH(c, n) <= 'Z') {
        int r = signoff(c, start, a, b, n, end);
        if (r < 0 || (r && add_break(c, b) < 0))
            return -1;
    }
    if (starts_with(c, a, b, "http://") || starts_with(c, a, b, "https://") ||
        starts_with(c, a, b, "www.")) {
        n = next_token(c, b, end);
        if (n >= 0 && ((CH(c, n) >= 'A' && CH(c, n) <= 'Z') || starts_with(c, n, end, "http://") ||
                       starts_with(c, n, end, "https://") || starts_with(c, n, end, "www.")) &&
            add_break(c, b) < 0)
            return -1;
    }
    if (separator(c, a, b)) {
        if (prev_token(c, start, a, &p0, &p1) && !separator(c, p0, p1) && add_break(c, p1) < 0)
            return -1;
        n = next_token(c, b, end);
        if (n >= 0) {
            Py_ssize_t m = n;
            while (m < end && !SPACE(c, m))
                m++;
            if (!separator(c, n, m) && add_break(c, b) < 0)
                return -1;
        }
    }
    if (first >= 'A' && first <= 'Z') { /* a credit label: [A-Z][a-z]+: */
        Py_ssize_t m = a + 1;
        while (m < b && is_ascii_lower(CH(c, m)))
            m++;
        if (m > a + 1 && m < b && CH(c, m) == ':' && prev_token(c, start, a, &p0, &p1)) {
            Py_UCS4 ch = CH(c, p1 - 1);
            if (is_alnum(ch) || ch == '_' || ch == ')') {
                int r = listed(c, c->credit_words, a, m);
                if (r < 0 || (r && add_break(c, p1) < 0))
                    return -1;
            }
        }
    }
    if ((b - a == 1 && (first == 0x2014 || first == 0x2013)) ||
        (b - a == 2 && first == '-' && last == '-')) {
        int r = broke_off(c, start, a, b, end);
        if (r < 0 || (r && add_break(c, b) < 0))
            return -1;
    }
    if (last == '>' && is_address(c, a, b)) {
        n = next_token(c, b, end);
        if (n >= 0 && ((CH(c, n) >= 'A' && CH(c, n) <= 'Z') || is_ascii_digit(CH(c, n))) &&
            add_break(c, b) < 0)
            return -1;
    }
    return 0;
}

/* _CAPTION_RE at the paragraph's start: a label, a number, then a capitalised word. */
static int caption_break(Ctx *c, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t a = next_token(c, start, end);
    if (a < 0)
        return 0;
    Py_ssize_t b = a;
    while (b < end && !SPACE(c, b))
        b++;
    Py_ssize_t i = next_token(c, b, end);
    if (i < 0 || !is_ascii_digit(CH(c, i)))
        return 0;
    i = digit_run(c, i, end);
    while (i + 1 < end && CH(c, i) == '.' && is_ascii_digit(CH(c, i + 1)))
        i = digit_run(c, i + 1, end);
    if (i >= end || !SPACE(c, i))
        return 0;
    Py_ssize_t n = next_token(c, i, end);
    if (n < 0)
        return 0;
    Py_UCS4 ch = CH(c, n);
    if (!((ch >= 'A' && ch <= 'Z') || ch == '(' || ch == 0x201C || ch == '"'))
        return 0;
    int r = listed(c, c->caption_words, a, b);
    return r < 0 ? -1 : (r ? add_break(c, i) : 0);
}

/*
 * structural_breaks(text, start, end) into c->brk[0:c->n_brk], sorted, no duplicates: the
 * tokens judged are those holding the next triggers (c->trig from c->next_trig) before end.
 */
static int structural_breaks(Ctx *c, Py_ssize_t start, Py_ssize_t end)
{
    c->n_brk = 0;
    if (caption_break(c, start, end) < 0)
        return -1;
    Py_ssize_t done = start; /* the tokens before this were judged */
    while (c->next_trig < c->n_trig && c->trig[c->next_trig] < end) {
        Py_ssize_t i = c->trig[c->next_trig++];
        if (i < done)
            continue;
        Py_ssize_t a = i, b = i;
        while (a > start && !SPACE(c, a - 1))
            a--;
        while (b < end && !SPACE(c, b))
            b++;
        if (token_breaks(c, start, a, b, end) < 0)
            return -1;
        done = b;
    }
    /* insertion sort (the list is short and nearly sorted), then drop duplicates */
    Py_ssize_t *v = c->brk, n = c->n_brk, k = 0;
    for (Py_ssize_t x = 1; x < n; x++) {
        Py_ssize_t key = v[x], y = x;
        while (y > 0 && v[y - 1] > key) {
            v[y] = v[y - 1];
            y--;
        }
        v[y] = key;
    }
    for (Py_ssize_t x = 0; x < n; x++)
        if (k == 0 || v[k - 1] != v[x])
            v[k++] = v[x];
    c->n_brk = k;
    return 0;
}

/* sentences._cut_paragraph: the unmarked ends cut the paragraph, then each piece is cut. */
static int cut_paragraph(Ctx *c, Py_ssize_t start, Py_ssize_t end)
{
    if (structural_breaks(c, start, end) < 0)
        return -1;
    for (Py_ssize_t k = 0; k < c->n_brk; k++) {
        Py_ssize_t cut = c->brk[k];
        if (cut_piece(c, start, cut) < 0)
            return -1;
        start = cut;
    }
    return cut_piece(c, start, end);
}

static PyObject *sentence_spans(PyObject *self, PyObject *args)
{
    Ctx c;
    memset(&c, 0, sizeof c);
    if (!PyArg_ParseTuple(args, "UO!O!O!O!O!O!O!O!O!OOO!O!O!O!O!O!:sentence_spans", &c.text,
                          &PyFrozenSet_Type, &c.titles, &PyFrozenSet_Type, &c.numbered,
                          &PyFrozenSet_Type, &c.sometimes, &PyFrozenSet_Type, &c.openers_words,
                          &PyFrozenSet_Type, &c.phrase_openers, &PyFrozenSet_Type,
                          &c.lower_abbreviations, &PyFrozenSet_Type, &c.days, &PyFrozenSet_Type,
                          &c.months, &PyFrozenSet_Type, &c.contractions, &c.attribution,
                          &c.lower_attribution, &PyFrozenSet_Type, &c.signoffs,
                          &PyFrozenSet_Type, &c.address_words, &PyFrozenSet_Type,
                          &c.stamp_keepers, &PyFrozenSet_Type, &c.caption_words,
                          &PyFrozenSet_Type, &c.credit_words, &PyFrozenSet_Type,
                          &c.function_words))
        return NULL;
    c.writes_lower = -1;
    if (!PyCallable_Check(c.attribution) || !PyCallable_Check(c.lower_attribution)) {
        PyErr_SetString(PyExc_TypeError,
                        "sentence_spans: attribution and lower_attribution must be callable");
        return NULL;
    }
    c.buf = PyUnicode_AsUCS4Copy(c.text);
    if (c.buf == NULL)
        return NULL;
    c.len = PyUnicode_GET_LENGTH(c.text);
    c.texts = PyList_New(0);
    if (c.texts == NULL) {
        PyMem_Free(c.buf);
        return NULL;
    }

    /*
     * One pass finds the paragraph breaks (_PARAGRAPH_RE: newline, blanks, newline, then any
     * white space) and records the marks and the triggers of structural_breaks on the way;
     * each paragraph is cut as soon as its end is known.
     */
    Py_ssize_t pos = 0, i = 0;
    int failed = 0;
    const Py_UCS4 *buf = c.buf;
    while (i < c.len && !failed) {
        i = next_stop(buf, i, c.len);
        if (i == c.len)
            break;
        if (is_mark(buf[i])) { /* a "." may also end "www." */
            failed = push(&c.marks, &c.n_marks, &c.cap_marks, i) < 0 ||
                     (buf[i] == '.' && may_break(&c, i) &&
                      push(&c.trig, &c.n_trig, &c.cap_trig, i) < 0);
            i++;
            continue;
        }
        if (buf[i] != '\n') { /* a character of structural_breaks' rules */
            failed = may_break(&c, i) && push(&c.trig, &c.n_trig, &c.cap_trig, i) < 0;
            i++;
            continue;
        }
        Py_ssize_t j = i + 1; /* a newline: a paragraph break when blanks and one more follow */
        while (j < c.len && CH(&c, j) != '\n' && Py_UNICODE_ISSPACE(CH(&c, j)))
            j++;
        if (j < c.len && CH(&c, j) == '\n') {
            Py_ssize_t k = j + 1;
            while (k < c.len && Py_UNICODE_ISSPACE(CH(&c, k)))
                k++;
            failed = cut_paragraph(&c, pos, i) < 0;
            pos = i = k;
            continue;
        }
        i++;
    }
    if (!failed)
        failed = cut_paragraph(&c, pos, c.len) < 0;

    PyObject *result = NULL;
    if (!failed) {
        PyObject *bounds =
            PyBytes_FromStringAndSize((const char *)c.out, c.n_out * (Py_ssize_t)sizeof(int64_t));
        if (bounds != NULL)
            result = Py_BuildValue("(NO)", bounds, c.texts);
    }
    PyMem_Free(c.out);
    PyMem_Free(c.brk);
    PyMem_Free(c.trig);
    PyMem_Free(c.marks);
    PyMem_Free(c.buf);
    Py_DECREF(c.texts);
    return result;
}

/* str.isalnum for the ASCII range, as a table. */
static unsigned char ascii_alnum[128];

static void init_tables(void)
{
    scan_table['\n'] = 1;
    for (const char *s = ".!?"; *s; s++)
        scan_table[(unsigned char)*s] |= 2;
    for (const char *s = "/,:.-=*~>"; *s; s++)
        scan_table[(unsigned char)*s] |= 4;
    scan_table[0x26] = scan_table[0x14] = scan_table[0x13] = 8; /* … — – */
    for (int ch = 0; ch < 128; ch++)
        ascii_alnum[ch] = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
                          (ch >= 'a' && ch <= 'z');
}

#define ALNUM(ch) ((ch) < 128 ? ascii_alnum[(ch)] : Py_UNICODE_ISALNUM(ch))

/*
 * The words of a str, as researchlib._text.WORD_RE.finditer finds them: starts[n], ends[n],
 * allocated here (free them with words_free).  A joiner is inside a word when both
 * neighbours are alphanumeric: `prev` (the previous character was in a word) stands for the
 * left one, with ALNUM of it, since a joiner never starts a word.
 */
typedef struct {
    int64_t *starts, *ends;
    Py_ssize_t n;
} Words;

#define WORDS_LOOP(T)                                                                     \
    do {                                                                                  \
        const T *src = (const T *)data;                                                   \
        int prev = 0;                                                                     \
        int here = len > 0 && ALNUM((Py_UCS4)src[0]);                                     \
        for (Py_ssize_t i = 0; i < len; i++) {                                            \
            Py_UCS4 ch = src[i];                                                          \
            int next = i + 1 < len && ALNUM((Py_UCS4)src[i + 1]);                         \
            int cur = here || (prev && next && (ch == '\'' || ch == 0x2019 || ch == '-') &&  \
                               ALNUM((Py_UCS4)src[i - 1]));                               \
            if (cur && !prev)                                                             \
                w->starts[n] = i;                                                         \
            else if (!cur && prev)                                                        \
                w->ends[n++] = i;                                                         \
            prev = cur;                                                                   \
            here = next;                                                                  \
        }                                                                                 \
        if (prev)                                                                         \
            w->ends[n++] = len;                                                           \
    } while (0)

static void words_free(Words *w)
{
    PyMem_Free(w->starts);
    PyMem_Free(w->ends);
}

/* 0 when text is a str ready to be read; -1 with TypeError otherwise. */
static int ready_str(PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "text must be str, not %.100s", Py_TYPE(text)->tp_name);
        return -1;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return -1;
#endif
    return 0;
}

/* Fill w with the words of text; -1 with an exception set. */
static int find_words(PyObject *text, Words *w)
{
    memset(w, 0, sizeof *w);
    if (ready_str(text) < 0)
        return -1;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    /* At most one word per two characters. */
    Py_ssize_t cap = len / 2 + 1;
    w->starts = PyMem_Malloc((size_t)cap * sizeof(int64_t));
    w->ends = PyMem_Malloc((size_t)cap * sizeof(int64_t));
    if (w->starts == NULL || w->ends == NULL) {
        words_free(w);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t n = 0;
    if (kind == PyUnicode_1BYTE_KIND)
        WORDS_LOOP(Py_UCS1);
    else if (kind == PyUnicode_2BYTE_KIND)
        WORDS_LOOP(Py_UCS2);
    else
        WORDS_LOOP(Py_UCS4);
    w->n = n;
    return 0;
}

/*
 * word_types(text) -> (starts, ends, index, types): the words of WORD_PATTERN, each with the
 * number of its type (distinct words numbered in order of first appearance; index is bytes
 * of int64) and types the list of the distinct words as str.  The frame lookup classifies
 * each type once instead of each word.
 */
typedef struct {
    Py_ssize_t *slot_type; /* type number per slot, -1 when empty */
    uint64_t *slot_hash;
    Py_ssize_t mask;       /* slots - 1 (a power of two) */
    Py_ssize_t *type_start, *type_len;
    Py_ssize_t n_types, cap_types;
} TypeTable;

static int table_init(TypeTable *t, Py_ssize_t slots)
{
    memset(t, 0, sizeof *t);
    t->slot_type = PyMem_Malloc((size_t)slots * sizeof(Py_ssize_t));
    t->slot_hash = PyMem_Malloc((size_t)slots * sizeof(uint64_t));
    if (t->slot_type == NULL || t->slot_hash == NULL)
        return -1;
    for (Py_ssize_t i = 0; i < slots; i++)
        t->slot_type[i] = -1;
    t->mask = slots - 1;
    return 0;
}

static void table_free(TypeTable *t)
{
    PyMem_Free(t->slot_type);
    PyMem_Free(t->slot_hash);
    PyMem_Free(t->type_start);
    PyMem_Free(t->type_len);
}

static int table_grow(TypeTable *t)
{
    Py_ssize_t slots = 2 * (t->mask + 1);
    Py_ssize_t *types = PyMem_Malloc((size_t)slots * sizeof(Py_ssize_t));
    uint64_t *hashes = PyMem_Malloc((size_t)slots * sizeof(uint64_t));
    if (types == NULL || hashes == NULL) {
        PyMem_Free(types);
        PyMem_Free(hashes);
        return -1;
    }
    for (Py_ssize_t i = 0; i < slots; i++)
        types[i] = -1;
    Py_ssize_t mask = slots - 1;
    for (Py_ssize_t i = 0; i <= t->mask; i++) {
        if (t->slot_type[i] < 0)
            continue;
        Py_ssize_t j = (Py_ssize_t)(t->slot_hash[i] & (uint64_t)mask);
        while (types[j] >= 0)
            j = (j + 1) & mask;
        types[j] = t->slot_type[i];
        hashes[j] = t->slot_hash[i];
    }
    PyMem_Free(t->slot_type);
    PyMem_Free(t->slot_hash);
    t->slot_type = types;
    t->slot_hash = hashes;
    t->mask = mask;
    return 0;
}

/* The type number of text[a:b] (code units of `size` bytes at data), adding it if new. */
static Py_ssize_t table_find(TypeTable *t, PyObject *text, const char *data, int size,
                             Py_ssize_t a, Py_ssize_t b, PyObject *types)
{
    const unsigned char *p = (const unsigned char *)data + a * size;
    size_t nbytes = (size_t)(b - a) * (size_t)size;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < nbytes; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    Py_ssize_t j = (Py_ssize_t)(h & (uint64_t)t->mask);
    for (;;) {
        Py_ssize_t id = t->slot_type[j];
        if (id < 0)
            break;
        if (t->slot_hash[j] == h && t->type_len[id] == b - a &&
            memcmp(data + t->type_start[id] * size, p, nbytes) == 0)
            return id;
        j = (j + 1) & t->mask;
    }
    /* New type. */
    if (t->n_types == t->cap_types) {
        Py_ssize_t cap = t->cap_types ? 2 * t->cap_types : 1024;
        Py_ssize_t *starts = PyMem_Realloc(t->type_start, (size_t)cap * sizeof(Py_ssize_t));
        if (starts == NULL)
            return -1;
        t->type_start = starts;
        Py_ssize_t *lens = PyMem_Realloc(t->type_len, (size_t)cap * sizeof(Py_ssize_t));
        if (lens == NULL)
            return -1;
        t->type_len = lens;
        t->cap_types = cap;
    }
    PyObject *word = PyUnicode_Substring(text, a, b);
    if (word == NULL)
        return -2;
    int r = PyList_Append(types, word);
    Py_DECREF(word);
    if (r < 0)
        return -2;
    Py_ssize_t id = t->n_types++;
    t->type_start[id] = a;
    t->type_len[id] = b - a;
    t->slot_type[j] = id;
    t->slot_hash[j] = h;
    if (2 * t->n_types > t->mask + 1 && table_grow(t) < 0)
        return -1;
    return id;
}

static PyObject *word_types(PyObject *self, PyObject *arg)
{
    Words w;
    if (find_words(arg, &w) < 0)
        return NULL;
    const char *data = (const char *)PyUnicode_DATA(arg);
    int kind = PyUnicode_KIND(arg);
    int64_t *index = PyMem_Malloc((size_t)(w.n + 1) * sizeof(int64_t));
    PyObject *types = PyList_New(0), *result = NULL;
    TypeTable table;
    int table_ok = table_init(&table, 4096) == 0;
    if (index == NULL || types == NULL || !table_ok) {
        if (types != NULL)
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < w.n; i++) {
        Py_ssize_t id = table_find(&table, arg, data, kind, w.starts[i], w.ends[i], types);
        if (id < 0) {
            if (id == -1)
                PyErr_NoMemory();
            goto done;
        }
        index[i] = id;
    }
    Py_ssize_t size = w.n * (Py_ssize_t)sizeof(int64_t);
    result = Py_BuildValue("(y#y#y#O)", (const char *)w.starts, size, (const char *)w.ends, size,
                           (const char *)index, size, types);
done:
    PyMem_Free(index);
    Py_XDECREF(types);
    table_free(&table);
    words_free(&w);
    return result;
}

/* ------------------------------------------------------------------------------------------
 * Cleaning (researchlib.corpus): steps 1-2 and 5 of clean_text, and the near-duplicate key.
 * The Python functions they replace stay as the reference (corpus._clean_chars_py,
 * corpus._paragraphs_py, corpus._near_key_data_py); tests compare both on real corpora,
 * on every code point and on generated text.
 * ------------------------------------------------------------------------------------------ */

#define READ(i) PyUnicode_READ(kind, data, (i))

/* corpus._INVISIBLE_RE's characters. */
static inline int is_invisible(Py_UCS4 ch)
{
    if (ch < 0x80)
        return ch <= 0x08 || (ch >= 0x0e && ch <= 0x1f) || ch == 0x7f;
    return (ch <= 0x84) || (ch >= 0x86 && ch <= 0x9f) || ch == 0xad || ch == 0x180e ||
           (ch >= 0x200b && ch <= 0x200f) || (ch >= 0x202a && ch <= 0x202e) ||
           (ch >= 0x2060 && ch <= 0x2064) || (ch >= 0x2066 && ch <= 0x206f) || ch == 0xfeff ||
           ch == 0xfffe || ch == 0xffff;
}

/* What steps 1-2 make of one visible character: 0 itself, 1 "\n", 2 "\n\n", 3 " ". */
static inline int char_class(Py_UCS4 ch)
{
    if (ch < 0x20)
        return ch == 0x0b ? 1 : ch == 0x0c ? 2 : ch == '\t' ? 3 : 0; /* \r handled apart */
    if (ch < 0x80)
        return 0;
    if (ch == 0x85 || ch == 0x2028)
        return 1;
    if (ch == 0x2029)
        return 2;
    return (ch == 0xa0 || ch == 0x1680 || (ch >= 0x2000 && ch <= 0x200a) || ch == 0x202f ||
            ch == 0x205f || ch == 0x3000)
               ? 3
               : 0;
}

/*
 * One pass of steps 1-2 over text.  With out == NULL it only measures: *n_out, *maxchar.
 * A "\r" followed (past removed characters) by "\n" is one line break, as it is once the
 * Python rules have removed those characters.
 */
static void clean_chars_pass(int kind, const void *data, Py_ssize_t len, int okind, void *out,
                             Py_ssize_t *n_out, Py_UCS4 *maxchar)
{
    Py_ssize_t n = 0;
    Py_UCS4 top = 0;
#define EMIT(c)                                    \
    do {                                           \
        Py_UCS4 c_ = (c);                          \
        if (out != NULL)                           \
            PyUnicode_WRITE(okind, out, n, c_);    \
        if (c_ > top)                              \
            top = c_;                              \
        n++;                                       \
    } while (0)
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = READ(i);
        if (is_invisible(ch))
            continue;
        if (ch == '\r') {
            Py_ssize_t j = i + 1;
            while (j < len && is_invisible(READ(j)))
                j++;
            if (j < len && READ(j) == '\n')
                i = j;
            EMIT('\n');
            continue;
        }
        switch (char_class(ch)) {
        case 1:
            EMIT('\n');
            break;
        case 2:
            EMIT('\n');
            EMIT('\n');
            break;
        case 3:
            EMIT(' ');
            break;
        default:
            EMIT(ch);
        }
    }
#undef EMIT
    *n_out = n;
    *maxchar = top;
}

static PyObject *clean_chars(PyObject *self, PyObject *text)
{
    if (ready_str(text) < 0)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), n;
    Py_UCS4 maxchar;
    int changed = 0;
    for (Py_ssize_t i = 0; i < len && !changed; i++) {
        Py_UCS4 ch = READ(i);
        changed = ch == '\r' || is_invisible(ch) || char_class(ch) != 0;
    }
    if (!changed)
        return Py_NewRef(text);
    clean_chars_pass(kind, data, len, 0, NULL, &n, &maxchar);
    PyObject *result = PyUnicode_New(n, maxchar);
    if (result == NULL)
        return NULL;
    clean_chars_pass(kind, data, len, PyUnicode_KIND(result), PyUnicode_DATA(result), &n,
                     &maxchar);
    return result;
}

/*
 * paragraphs(text): step 5 of clean_text (corpus._paragraphs_py is the reference).  Lines
 * are split at "\n" and stripped of spaces; a blank line ends a paragraph, a line that
 * starts with a space (other than the first) starts one.
 */
static PyObject *paragraphs(PyObject *self, PyObject *text)
{
    if (ready_str(text) < 0)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    Py_ssize_t cap = 64, n_lines = 0;
    Py_ssize_t *starts = PyMem_Malloc(cap * sizeof(Py_ssize_t));
    Py_ssize_t *ends = PyMem_Malloc(cap * sizeof(Py_ssize_t));
    unsigned char *opens = PyMem_Malloc(cap);
    PyObject *result = NULL;
    if (starts == NULL || ends == NULL || opens == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t n_paragraphs = 0, n_text = 0, line_no = 0;
    int gap = 0;
    Py_UCS4 maxchar = 0;
    for (Py_ssize_t a = 0; a <= len; line_no++) {
        Py_ssize_t b = a;
        while (b < len && READ(b) != '\n')
            b++;
        Py_ssize_t s = a, e = b;
        while (s < e && READ(s) == ' ')
            s++;
        while (e > s && READ(e - 1) == ' ')
            e--;
        if (s == e) {
            gap = 1;
        } else {
            if (n_lines == cap) {
                cap *= 2;
                Py_ssize_t *ns = PyMem_Realloc(starts, cap * sizeof(Py_ssize_t));
                if (ns != NULL)
                    starts = ns;
                Py_ssize_t *ne = PyMem_Realloc(ends, cap * sizeof(Py_ssize_t));
                if (ne != NULL)
                    ends = ne;
                unsigned char *no = PyMem_Realloc(opens, cap);
                if (no != NULL)
                    opens = no;
                if (ns == NULL || ne == NULL || no == NULL) {
                    PyErr_NoMemory();
                    goto done;
                }
            }
            int open = n_lines == 0 || gap || (line_no > 0 && READ(a) == ' ');
            starts[n_lines] = s;
            ends[n_lines] = e;
            opens[n_lines] = (unsigned char)open;
            n_lines++;
            n_paragraphs += open;
            n_text += e - s;
            for (Py_ssize_t k = s; k < e; k++) {
                Py_UCS4 ch = READ(k);
                if (ch > maxchar)
                    maxchar = ch;
            }
            gap = 0;
        }
        a = b + 1;
    }
    Py_ssize_t n_joins = n_lines - n_paragraphs;
    Py_ssize_t n_chars = n_text + n_joins + 2 * (n_paragraphs > 1 ? n_paragraphs - 1 : 0);
    /* n_chars / (n_joins + 1) > _WRAPPED_LINE_LENGTH (100), in whole numbers */
    int per_line = n_chars > 100 * (n_joins + 1);
    Py_ssize_t size = per_line ? n_text + 2 * (n_lines > 1 ? n_lines - 1 : 0) : n_chars;
    if (n_lines > 0 && maxchar < '\n')
        maxchar = '\n';
    result = PyUnicode_New(size, maxchar);
    if (result == NULL)
        goto done;
    int okind = PyUnicode_KIND(result);
    void *out = PyUnicode_DATA(result);
    Py_ssize_t o = 0;
    for (Py_ssize_t l = 0; l < n_lines; l++) {
        if (l > 0) {
            if (per_line || opens[l]) {
                PyUnicode_WRITE(okind, out, o, '\n');
                PyUnicode_WRITE(okind, out, o + 1, '\n');
                o += 2;
            } else {
                PyUnicode_WRITE(okind, out, o, ' ');
                o++;
            }
        }
        for (Py_ssize_t k = starts[l]; k < ends[l]; k++)
            PyUnicode_WRITE(okind, out, o++, READ(k));
    }
done:
    PyMem_Free(starts);
    PyMem_Free(ends);
    PyMem_Free(opens);
    return result;
}

/* corpus._NEAR_STRIP: quotation marks, dashes, ellipsis and bullets the key ignores. */
static inline int near_strip(Py_UCS4 ch)
{
    return ch == 0xab || ch == 0xbb || ch == 0xb7 || (ch >= 0x2013 && ch <= 0x2015) ||
           (ch >= 0x2018 && ch <= 0x201f) || ch == 0x2022 || ch == 0x2026;
}

/*
 * near_key_data(text) -> bytes or None: what corpus._near_key hashes (text.lower() without
 * _NEAR_STRIP, as UTF-8, without the ASCII bytes that are not letters or digits).  None
 * where str.lower() needs more than a per-character mapping (U+0130, and capital sigma,
 * whose lower case depends on its neighbours) or the text cannot be UTF-8 (surrogates):
 * the caller takes the Python path then.
 */
static PyObject *near_key_data(PyObject *self, PyObject *text)
{
    if (ready_str(text) < 0)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyBytes_FromStringAndSize(NULL, len + 16);
    if (out == NULL)
        return NULL;
    Py_ssize_t cap = len + 16, n = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = READ(i);
        if (ch < 0x80) {
            if (ascii_alnum[ch]) {
                if (n == cap && _PyBytes_Resize(&out, cap = cap * 2) < 0)
                    return NULL;
                PyBytes_AS_STRING(out)[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
            }
            continue;
        }
        if (ch == 0x130 || ch == 0x3a3 || (ch >= 0xd800 && ch <= 0xdfff)) {
            Py_DECREF(out);
            Py_RETURN_NONE;
        }
        Py_UCS4 lo = Py_UNICODE_TOLOWER(ch);
        if (lo < 0x80) {
            if (ascii_alnum[lo]) {
                if (n == cap && _PyBytes_Resize(&out, cap = cap * 2) < 0)
                    return NULL;
                PyBytes_AS_STRING(out)[n++] = (char)lo;
            }
            continue;
        }
        if (near_strip(lo))
            continue;
        if (n + 4 > cap && _PyBytes_Resize(&out, cap = cap * 2 + 4) < 0)
            return NULL;
        unsigned char *p = (unsigned char *)PyBytes_AS_STRING(out) + n;
        if (lo < 0x800) {
            p[0] = (unsigned char)(0xc0 | (lo >> 6));
            p[1] = (unsigned char)(0x80 | (lo & 0x3f));
            n += 2;
        } else if (lo < 0x10000) {
            p[0] = (unsigned char)(0xe0 | (lo >> 12));
            p[1] = (unsigned char)(0x80 | ((lo >> 6) & 0x3f));
            p[2] = (unsigned char)(0x80 | (lo & 0x3f));
            n += 3;
        } else {
            p[0] = (unsigned char)(0xf0 | (lo >> 18));
            p[1] = (unsigned char)(0x80 | ((lo >> 12) & 0x3f));
            p[2] = (unsigned char)(0x80 | ((lo >> 6) & 0x3f));
            p[3] = (unsigned char)(0x80 | (lo & 0x3f));
            n += 4;
        }
    }
    if (_PyBytes_Resize(&out, n) < 0)
        return NULL;
    return out;
}

#undef READ

static PyMethodDef methods[] = {
    {"clean_chars", clean_chars, METH_O,
     "clean_chars(text)\n--\n\n"
     "Steps 1-2 of researchlib.corpus.clean_text: invisible characters removed, line breaks,\n"
     "paragraph separators and Unicode spaces mapped."},
    {"paragraphs", paragraphs, METH_O,
     "paragraphs(text)\n--\n\n"
     "Step 5 of researchlib.corpus.clean_text: paragraphs joined by a blank line."},
    {"near_key_data", near_key_data, METH_O,
     "near_key_data(text)\n--\n\n"
     "The bytes researchlib.corpus._near_key hashes, or None where the Python path must\n"
     "compute them."},
    {"word_types", word_types, METH_O,
     "word_types(text)\n--\n\n"
     "(starts, ends, index, types): the words of text (researchlib._text.WORD_PATTERN), each\n"
     "word's type number (int64 bytes; types numbered by first appearance) and the distinct\n"
     "words as a list of str."},
    {"sentence_spans", sentence_spans, METH_VARARGS,
     "sentence_spans(text, titles, numbered, sometimes, openers_words, phrase_openers, "
     "lower_abbreviations, attribution)\n"
     "--\n\n"
     "(bounds, texts) of every sentence of text under the rules of researchlib.sentences:\n"
     "bounds is bytes of int64 (start, end, n_words) triples, texts the sentence strings."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "researchlib._speedups",
    "Compiled inner loops of researchlib: cleaning, the sentence splitter and the word finder.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__speedups(void)
{
    init_tables();
    return PyModule_Create(&module);
}

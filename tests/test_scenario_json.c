/* tests/test_scenario_json.c: the strict JSON reader under the loader
 * (formats/json.c): positions, strings and UTF-8, exact integers, the
 * grammar's edges, and the "did you mean" suggestions. */
#include <criterion/criterion.h>
#include <string.h>
#include "scenario_helpers.h"
#include "formats/json.h"
#include "formats/scenario_internal.h"

static bilim_json_arena *arena;

static void setup(void)
{
    arena = bilim_json_arena_alloc();
}

static void teardown(void)
{
    bilim_json_arena_free(arena);
}

TestSuite(json, .init = setup, .fini = teardown);

static bilim_json *parse(const char *text, bilim_json_syntax *syn)
{
    return bilim_json_parse(arena, text, strlen(text), "t.json", syn);
}

static void syntax_error_at(const char *text, int line, int col, const char *msg)
{
    bilim_json_syntax syn;
    cr_assert_null(parse(text, &syn), "accepted: %s", text);
    cr_assert_eq(syn.line, line, "%s: line %d, expected %d (%s)", text, syn.line, line, syn.msg);
    cr_assert_eq(syn.col, col, "%s: column %d, expected %d (%s)", text, syn.col, col, syn.msg);
    cr_assert(strstr(syn.msg, msg), "%s: message \"%s\" lacks \"%s\"", text, syn.msg, msg);
}

Test(json, positions_of_keys_and_values)
{
    bilim_json_syntax syn;
    bilim_json *r = parse("{\n  \"a\": 1,\n\t\"b\" :  [true, null]\n}", &syn);
    cr_assert_not_null(r);
    bilim_json *a = bilim_json_get(r, "a"), *b = bilim_json_get(r, "b");
    cr_assert_eq(a->key_line, 2);
    cr_assert_eq(a->key_col, 3);
    cr_assert_eq(a->line, 2);
    cr_assert_eq(a->col, 8);
    cr_assert_eq(b->key_line, 3);
    cr_assert_eq(b->key_col, 2, "a tab is one column");
    cr_assert_eq(b->col, 9);
    cr_assert_eq(b->count, 2);
    cr_assert_eq(b->child->next->type, BILIM_JSON_NULL);
    cr_assert_str_eq(a->file, "t.json");
}

Test(json, columns_count_characters_not_bytes)
{
    /* "д" is two bytes in UTF-8 but one column. */
    syntax_error_at("{\"дд\": x}", 1, 8, "unexpected word 'x'");
}

Test(json, lookup_is_exact_and_case_sensitive)
{
    bilim_json_syntax syn;
    bilim_json *r = parse("{\"Seed\": 1, \"seed\": 2}", &syn);
    cr_assert_str_eq(bilim_json_get(r, "seed")->text, "2");
    cr_assert_str_eq(bilim_json_get(r, "Seed")->text, "1");
    cr_assert_null(bilim_json_get(r, "SEED"));
    cr_assert_null(bilim_json_get(r, "see"));
}

Test(json, duplicates_are_kept_for_the_loader_to_report)
{
    bilim_json_syntax syn;
    bilim_json *r = parse("{\"a\": 1, \"a\": 2}", &syn);
    cr_assert_eq(r->count, 2);
    cr_assert_str_eq(bilim_json_get(r, "a")->text, "1", "lookup returns the first");
}

Test(json, strings_and_escapes)
{
    bilim_json_syntax syn;
    bilim_json *r = parse("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u0434\\ud83d\\ude00\", \"Қазақ\"]", &syn);
    cr_assert_not_null(r, "%s", syn.msg);
    cr_assert_str_eq(r->child->text, "a\"b\\c/d\b\f\n\r\t");
    cr_assert_str_eq(r->child->next->text, "\xC3\xA9\xD0\xB4\xF0\x9F\x98\x80");
    cr_assert_eq(r->child->next->len, 8);
    cr_assert_str_eq(r->child->next->next->text, "Қазақ");
}

Test(json, byte_order_mark_is_skipped)
{
    bilim_json_syntax syn;
    cr_assert_not_null(parse("\xEF\xBB\xBF{\"a\": 1}", &syn));
}

Test(json, grammar_errors)
{
    syntax_error_at("{\"a\": 1,}", 1, 9, "trailing comma before '}'");
    syntax_error_at("[1, 2,]", 1, 7, "trailing comma before ']'");
    syntax_error_at("{\"a\" 1}", 1, 6, "expected ':' after the key \"a\"");
    syntax_error_at("{'a': 1}", 1, 2, "double quotes, not single quotes");
    syntax_error_at("{a: 1}", 1, 2, "keys must be strings in double quotes");
    syntax_error_at("{\"a\": 1 \"b\": 2}", 1, 9, "missing ',' between object members");
    syntax_error_at("{\"a\": [1 2]}", 1, 10, "expected ',' or ']'");
    syntax_error_at("{\"a\": 1", 1, 8, "expected ',' or '}' after the member \"a\", found the end of the file");
    syntax_error_at("{\"a\": }", 1, 7, "expected a value, found '}'");
    syntax_error_at("{\"a\": True}", 1, 7, "the literals are lower-case");
    syntax_error_at("{\"a\": Infinity}", 1, 7, "Infinity is not a JSON number");
    syntax_error_at("{\"a\": truex}", 1, 7, "unexpected word 'truex'");
    syntax_error_at("{} {}", 1, 4, "after the end of the JSON value");
    syntax_error_at("{}\n/* c */", 2, 1, "comments are not allowed");
    syntax_error_at("   \n  ", 2, 3, "the file is empty");
    bilim_json_syntax syn;
    cr_assert_null(bilim_json_parse(arena, "{\"a\": 1}\0", 9, "t.json", &syn));
    cr_assert_eq(syn.col, 9);
    cr_assert(strstr(syn.msg, "a NUL byte"), "%s", syn.msg);
}

Test(json, number_grammar)
{
    syntax_error_at("[01]", 1, 2, "leading zeros");
    syntax_error_at("[-]", 1, 3, "expected a digit after '-'");
    syntax_error_at("[1.]", 1, 4, "expected a digit after the decimal point");
    syntax_error_at("[.5]", 1, 2, "must start with a digit or '-'");
    syntax_error_at("[+5]", 1, 2, "must start with a digit or '-'");
    syntax_error_at("[1e]", 1, 4, "expected a digit in the exponent");
    syntax_error_at("[1e+]", 1, 5, "expected a digit in the exponent");
    syntax_error_at("[0x10]", 1, 3, "unexpected 'x' in a number");
    syntax_error_at("[1.5.2]", 1, 5, "unexpected '.' in a number");
    bilim_json_syntax syn;
    bilim_json *r = parse("[-0, 0.5e-3, 1E+2, 12345678901234567890123]", &syn);
    cr_assert_not_null(r, "%s", syn.msg);
    cr_assert_str_eq(r->child->next->next->text, "1E+2", "the number as written");
}

Test(json, string_errors)
{
    syntax_error_at("[\"abc]", 1, 2, "unterminated string");
    syntax_error_at("[\"a\nb\"]", 1, 4, "line break inside a string");
    syntax_error_at("[\"a\tb\"]", 1, 4, "control character U+0009");
    syntax_error_at("[\"\\x\"]", 1, 3, "invalid escape");
    syntax_error_at("[\"\\u12G4\"]", 1, 3, "four hexadecimal digits");
    syntax_error_at("[\"\\u0000\"]", 1, 3, "\\u0000 (NUL) is not allowed");
    syntax_error_at("[\"\\udc00\"]", 1, 3, "lone low surrogate");
    syntax_error_at("[\"\\ud800x\"]", 1, 3, "high surrogate not followed by a low surrogate");
    syntax_error_at("[\"\xC0\xAF\"]", 1, 3, "invalid UTF-8 (byte 0xC0)");        /* overlong */
    syntax_error_at("[\"\xED\xA0\x80\"]", 1, 3, "invalid UTF-8 (byte 0xED)");    /* surrogate */
    syntax_error_at("[\"\xF4\x90\x80\x80\"]", 1, 3, "invalid UTF-8 (byte 0xF4)"); /* > U+10FFFF */
    syntax_error_at("[\"\xE2\x82\"]", 1, 3, "invalid UTF-8");                    /* truncated */
    syntax_error_at("[\"\x80\"]", 1, 3, "invalid UTF-8");
}

Test(json, depth_limit)
{
    char text[256];
    memset(text, '[', BILIM_JSON_MAX_DEPTH);
    memset(text + BILIM_JSON_MAX_DEPTH, ']', BILIM_JSON_MAX_DEPTH);
    text[2 * BILIM_JSON_MAX_DEPTH] = '\0';
    bilim_json_syntax syn;
    cr_assert_not_null(parse(text, &syn), "64 levels are allowed: %s", syn.msg);
    memset(text, '[', 65);
    memset(text + 65, ']', 65);
    text[130] = '\0';
    syntax_error_at(text, 1, 65, "nesting deeper than 64 levels");
}

Test(json, deep_hostile_nesting_does_not_recurse_far)
{
    size_t n = 200000;
    char *text = malloc(n + 1);
    memset(text, '[', n);
    text[n] = '\0';
    bilim_json_syntax syn;
    cr_assert_null(bilim_json_parse(arena, text, n, "deep", &syn));
    cr_assert(strstr(syn.msg, "nesting deeper"));
    free(text);
}

static int integer(const char *lexeme, int *neg, uint64_t *mag)
{
    bilim_json num;
    memset(&num, 0, sizeof num);
    num.type = BILIM_JSON_NUMBER;
    num.text = lexeme;
    num.len = strlen(lexeme);
    return bilim_json_integer(&num, neg, mag);
}

Test(json, integers_are_read_exactly_from_their_digits)
{
    int neg;
    uint64_t mag;
    static const struct { const char *lex; int rc, neg; uint64_t mag; } cases[] = {
        {"0", 0, 0, 0}, {"-0", 0, 1, 0}, {"6", 0, 0, 6}, {"6.0", 0, 0, 6}, {"6e0", 0, 0, 6},
        {"600e-2", 0, 0, 6}, {"0.6e1", 0, 0, 6}, {"6.5", 1, 0, 0}, {"1e-1", 1, 0, 0},
        {"-12", 0, 1, 12}, {"1E+3", 0, 0, 1000}, {"0e99999999", 0, 0, 0}, {"0.000", 0, 0, 0},
        {"9007199254740993", 0, 0, 9007199254740993u},
        {"18446744073709551615", 0, 0, UINT64_MAX}, {"18446744073709551616", 2, 0, 0},
        {"1e20", 2, 0, 0}, {"1e19", 0, 0, 10000000000000000000u}, {"1e400", 2, 0, 0},
        {"1.0000000000000000001", 1, 0, 0}, {"100000000000000000000e-2", 0, 0, 1000000000000000000u},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = integer(cases[i].lex, &neg, &mag);
        cr_assert_eq(rc, cases[i].rc, "%s: rc %d", cases[i].lex, rc);
        if (rc == 0) {
            cr_assert_eq(mag, cases[i].mag, "%s", cases[i].lex);
            cr_assert_eq(neg, cases[i].neg, "%s", cases[i].lex);
        }
    }
}

Test(json, doubles_overflow_is_reported)
{
    bilim_json num = {.type = BILIM_JSON_NUMBER, .text = "1e400", .len = 5};
    double x;
    cr_assert_eq(bilim_json_number(&num, &x), -1);
    num.text = "-1e400";
    cr_assert_eq(bilim_json_number(&num, &x), -1);
    num.text = "1e-400";
    cr_assert_eq(bilim_json_number(&num, &x), 0, "underflow to zero is a finite number");
    num.text = "0.1";
    cr_assert_eq(bilim_json_number(&num, &x), 0);
    cr_assert_eq(x, 0.1);
}

Test(json, suggestions)
{
    const char *keys[] = {"intensity", "interventions", "budget_kzt", "unit_cost_kzt", "seed", "name"};
    int n = 6;
    cr_assert_str_eq(bilim_json_suggest("intensty", 8, keys, n), "intensity");
    cr_assert_str_eq(bilim_json_suggest("Intensity", 9, keys, n), "intensity");
    cr_assert_str_eq(bilim_json_suggest("intervention", 12, keys, n), "interventions");
    cr_assert_str_eq(bilim_json_suggest("budget", 6, keys, n), "budget_kzt");
    cr_assert_str_eq(bilim_json_suggest("unit_cost", 9, keys, n), "unit_cost_kzt");
    cr_assert_str_eq(bilim_json_suggest("sede", 4, keys, n), "seed");
    cr_assert_null(bilim_json_suggest("population", 10, keys, n));
    cr_assert_null(bilim_json_suggest("x", 1, keys, n));
    cr_assert_null(bilim_json_suggest("", 0, keys, n));
}

Test(json, the_loader_never_uses_cjson_global_state)
{
    /* Two loads with different errors, interleaved, keep their own messages. */
    bilim_diags *d1 = bilim_diags_alloc(), *d2 = bilim_diags_alloc();
    bilim_scenario sc;
    cr_assert_eq(bilim_scenario_load_string("{\"name\": 1", "one.json", &sc, NULL, d1), BILIM_EINVAL);
    cr_assert_eq(bilim_scenario_load_string("[", "two.json", &sc, NULL, d2), BILIM_EINVAL);
    cr_assert(strstr(bilim_diags_get(d1, 0), "one.json:1:11: syntax error"), "%s", bilim_diags_get(d1, 0));
    cr_assert(strstr(bilim_diags_get(d2, 0), "two.json:1:2: syntax error"), "%s", bilim_diags_get(d2, 0));
    bilim_diags_free(d1);
    bilim_diags_free(d2);
}

/* --- the one string escaper (formats/json.h) ------------------------------- */

static void append(void *ctx, const char *text, size_t n)
{
    char *buf = ctx;
    size_t len = strlen(buf);
    cr_assert_lt(len + n, 1024);
    memcpy(buf + len, text, n);
    buf[len + n] = '\0';
}

Test(json, escaped_strings_read_back_exactly)
{
    /* Every byte from 1 to 127, then UTF-8: written, parsed by the strict
     * reader, equal to the original. */
    char original[200];
    size_t n = 0;
    for (int ch = 1; ch < 128; ch++)
        original[n++] = (char)ch;
    const char *utf8 = "Қазақ é";
    memcpy(original + n, utf8, strlen(utf8) + 1);
    char text[1024] = "";
    bilim_json_write_string(original, append, text);
    bilim_json_syntax syn;
    bilim_json *v = parse(text, &syn);
    cr_assert_not_null(v, "%s: %s", text, syn.msg);
    cr_assert_eq(v->type, BILIM_JSON_STRING);
    cr_assert_eq(v->len, strlen(original));
    cr_assert(memcmp(v->text, original, v->len) == 0);
}

Test(json, escapes_are_the_documented_ones)
{
    char e[8];
    cr_assert_eq(bilim_json_escape_byte('"', e), 2);
    cr_assert_str_eq(e, "\\\"");
    bilim_json_escape_byte('\\', e);
    cr_assert_str_eq(e, "\\\\");
    bilim_json_escape_byte('\n', e);
    cr_assert_str_eq(e, "\\n");
    bilim_json_escape_byte('\t', e);
    cr_assert_str_eq(e, "\\t");
    cr_assert_eq(bilim_json_escape_byte(0x01, e), 6);
    cr_assert_str_eq(e, "\\u0001");
    bilim_json_escape_byte(0x7F, e);
    cr_assert_str_eq(e, "\\u007F");
    cr_assert_eq(bilim_json_escape_byte('a', e), 1);
    cr_assert_str_eq(e, "a");
    cr_assert_eq(bilim_json_escape_byte(0xD0, e), 1, "UTF-8 passes through");
}

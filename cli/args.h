/* cli/args.h: strict, declarative command-line options.
 *
 * Each command declares a table of options; bilim_args_parse() fills the
 * destinations, collects positional arguments, and rejects unknown options,
 * missing or malformed values (whole-string integers in range, finite
 * numbers) with a one-line message naming the command and the option and
 * pointing to `bilim help COMMAND`. Accepts --name VALUE, --name=VALUE, -x VALUE,
 * and "--" to end options. */
#ifndef BILIM_ARGS_H
#define BILIM_ARGS_H

#include <stdint.h>
#include "base/error.h"

typedef enum bilim_opt_kind {
    BILIM_OPT_FLAG,    /* int: set to 1 */
    BILIM_OPT_INT,     /* int32_t, within [min, max] */
    BILIM_OPT_U64,     /* uint64_t */
    BILIM_OPT_DOUBLE,  /* double, finite, within [min, max] */
    BILIM_OPT_STRING,  /* const char *: points into argv */
    BILIM_OPT_LIST     /* bilim_opt_list: every value given, in order (repeatable) */
} bilim_opt_kind;

/* The values of a repeatable option (pointers into argv). */
#define BILIM_OPT_LIST_MAX 64
typedef struct bilim_opt_list {
    const char *v[BILIM_OPT_LIST_MAX];
    int n;
} bilim_opt_list;

typedef struct bilim_opt {
    const char *name;      /* long name without dashes: "replicates" */
    char short_name;       /* 'o', or 0 */
    bilim_opt_kind kind;
    void *dest;
    double min, max;       /* for INT and DOUBLE */
    const char *metavar;   /* "N", "FILE" */
    const char *help;      /* one line */
    int seen;              /* set by the parser when given */
} bilim_opt;

/* Parses argv[1..argc-1] (argv[0] is the command name). Positionals are
 * stored in positional[0..*n_pos-1] (pointers into argv); more than max_pos
 * is an error. Returns BILIM_OK or BILIM_EUSAGE with err filled. "--help" and
 * "-h" set *want_help and return BILIM_OK. */
int bilim_args_parse(const char *command, int argc, char **argv,
                     bilim_opt *opts, int n_opts,
                     const char **positional, int max_pos, int *n_pos,
                     int *want_help, bilim_error *err);

/* Prints an aligned option list (for help text) to f. */
void bilim_args_print_options(const bilim_opt *opts, int n_opts, void *file);

/* Strict parsers, exposed for reuse and tests: the whole string must be a
 * number in range. Return 0 on success. */
int bilim_args_parse_int(const char *s, int32_t min, int32_t max, int32_t *out);
int bilim_args_parse_u64(const char *s, uint64_t *out);
int bilim_args_parse_double(const char *s, double min, double max, double *out);

#endif

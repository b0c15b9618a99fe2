/* tests/test_args.c: the option parser and strict number parsing. */
#include <criterion/criterion.h>
#include <string.h>
#include "cli/args.h"

typedef struct {
    int32_t reps;
    uint64_t seed;
    double frac;
    const char *out;
    int quiet;
} vals;

static int parse(vals *v, int argc, char **argv, const char **pos, int *n_pos, int *help,
                 bilim_error *err)
{
    bilim_opt opts[] = {
        {"replicates", 'r', BILIM_OPT_INT, &v->reps, 1, 1000, "N", "reps", 0},
        {"seed", 's', BILIM_OPT_U64, &v->seed, 0, 0, "S", "seed", 0},
        {"fraction", 0, BILIM_OPT_DOUBLE, &v->frac, 0, 1, "F", "frac", 0},
        {"output", 'o', BILIM_OPT_STRING, &v->out, 0, 0, "FILE", "out", 0},
        {"quiet", 'q', BILIM_OPT_FLAG, &v->quiet, 0, 0, NULL, "quiet", 0},
    };
    bilim_error_clear(err);
    return bilim_args_parse("run", argc, argv, opts, 5, pos, 2, n_pos, help, err);
}

Test(args, long_short_inline_and_positionals)
{
    char *argv[] = {"run", "a.json", "--replicates", "12", "-s", "99", "--fraction=0.25",
                    "-o", "x.h5", "-q", "--", "-weird.json"};
    vals v = {0};
    const char *pos[2];
    int n_pos, help;
    bilim_error err;
    cr_assert_eq(parse(&v, 12, argv, pos, &n_pos, &help, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(v.reps, 12);
    cr_assert_eq(v.seed, 99);
    cr_assert_float_eq(v.frac, 0.25, 1e-15);
    cr_assert_str_eq(v.out, "x.h5");
    cr_assert_eq(v.quiet, 1);
    cr_assert_eq(n_pos, 2);
    cr_assert_str_eq(pos[0], "a.json");
    cr_assert_str_eq(pos[1], "-weird.json");
    cr_assert_eq(help, 0);
}

Test(args, help_flag)
{
    char *argv[] = {"run", "--help", "--nonsense"};
    vals v = {0};
    const char *pos[2];
    int n_pos, help;
    bilim_error err;
    cr_assert_eq(parse(&v, 3, argv, pos, &n_pos, &help, &err), BILIM_OK);
    cr_assert_eq(help, 1);
}

static void expect_usage(int argc, char **argv, const char *needle)
{
    vals v = {0};
    const char *pos[2];
    int n_pos, help;
    bilim_error err;
    cr_assert_eq(parse(&v, argc, argv, pos, &n_pos, &help, &err), BILIM_EUSAGE);
    cr_assert_eq(err.code, BILIM_EUSAGE);
    cr_assert(strstr(err.msg, needle), "message '%s' lacks '%s'", err.msg, needle);
    cr_assert(strstr(err.msg, "bilim help run"), "no pointer to help: %s", err.msg);
}

Test(args, unknown_option_is_named)
{
    char *argv[] = {"run", "--replicats", "3"};
    expect_usage(3, argv, "unknown option '--replicats'");
}

Test(args, missing_value)
{
    char *argv[] = {"run", "--replicates"};
    expect_usage(2, argv, "needs a value");
}

Test(args, out_of_range_and_malformed_integers)
{
    char *a1[] = {"run", "--replicates", "0"};
    expect_usage(3, a1, "--replicates expects a whole number from 1 to 1000, got '0'");
    char *a2[] = {"run", "--replicates", "12abc"};
    expect_usage(3, a2, "got '12abc'");
    char *a3[] = {"run", "--replicates", "99999999999999999999"};
    expect_usage(3, a3, "--replicates");
    char *a4[] = {"run", "--seed", "-5"};
    expect_usage(3, a4, "--seed expects a non-negative whole number");
}

Test(args, non_finite_double)
{
    char *a1[] = {"run", "--fraction", "nan"};
    expect_usage(3, a1, "--fraction");
    char *a2[] = {"run", "--fraction", "1.5"};
    expect_usage(3, a2, "from 0 to 1");
}

Test(args, flag_with_value_and_too_many_positionals)
{
    char *a1[] = {"run", "--quiet=yes"};
    expect_usage(2, a1, "takes no value");
    char *a2[] = {"run", "a", "b", "c"};
    expect_usage(4, a2, "unexpected argument 'c'");
}

Test(args, strict_number_parsers)
{
    int32_t i;
    uint64_t u;
    double d;
    cr_assert_eq(bilim_args_parse_int("42", 0, 100, &i), 0);
    cr_assert_eq(i, 42);
    cr_assert_neq(bilim_args_parse_int("", 0, 100, &i), 0);
    cr_assert_neq(bilim_args_parse_int(" 4", 0, 100, &i), 0);
    cr_assert_neq(bilim_args_parse_int("2147483648", 0, 2147483647, &i), 0);
    cr_assert_eq(bilim_args_parse_u64("18446744073709551615", &u), 0);
    cr_assert_eq(u, UINT64_MAX);
    cr_assert_neq(bilim_args_parse_u64("18446744073709551616", &u), 0);
    cr_assert_eq(bilim_args_parse_double("1e-3", 0, 1, &d), 0);
    cr_assert_float_eq(d, 1e-3, 1e-18);
    cr_assert_neq(bilim_args_parse_double("inf", -1e300, 1e300, &d), 0);
}

Test(error, set_prefix_and_exit_codes)
{
    bilim_error err;
    bilim_error_clear(&err);
    cr_assert_eq(err.code, BILIM_OK);
    cr_assert_eq(bilim_error_set(&err, BILIM_EINVAL, "bad %s", "thing"), BILIM_EINVAL);
    bilim_error_prefix(&err, "reading %s", "a.json");
    cr_assert_str_eq(err.msg, "reading a.json: bad thing");
    cr_assert_eq(bilim_error_exit_code(BILIM_OK), 0);
    cr_assert_eq(bilim_error_exit_code(BILIM_EINVAL), 1);
    cr_assert_eq(bilim_error_exit_code(BILIM_EIO), 1);
    cr_assert_eq(bilim_error_exit_code(BILIM_EUSAGE), 2);
    cr_assert_eq(bilim_error_exit_code(BILIM_EINTR), 130);
    cr_assert_eq(bilim_error_set(NULL, BILIM_EIO, "ignored"), BILIM_EIO);
}

Test(error, prefix_never_overflows)
{
    bilim_error err;
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    bilim_error_set(&err, BILIM_EINVAL, "%s", big);
    bilim_error_prefix(&err, "%s", big);
    cr_assert_lt(strlen(err.msg), sizeof err.msg);
}

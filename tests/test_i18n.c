/* tests/test_i18n.c: base/i18n.h and cli/lang.h: numbers and months written
 * the way each language writes them (hand-written expected strings), the
 * catalogues found from the build tree, --lang overriding the environment,
 * and the English text when no catalogue answers. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "cli/lang.h"

#define NBSP "\xc2\xa0"

static void use(const char *lang)
{
    bilim_error err;
    bilim_error_clear(&err);
    cr_assert_eq(bilim_lang_setup(lang, &err), BILIM_OK, "%s", err.msg);
}

static void restore(void)
{
    use("en");
}

static void num_is(double v, int dec, int flags, const char *want)
{
    char b[64];
    bilim_i18n_number(v, dec, flags, b, sizeof b);
    cr_expect_str_eq(b, want, "%.17g (%d decimals, flags %d)", v, dec, flags);
}

Test(i18n, english_numbers, .fini = restore)
{
    use("en");
    cr_assert_str_eq(bilim_i18n_language(), "en");
    num_is(16100.5, 1, BILIM_I18N_GROUP, "16,100.5");
    num_is(1500, 0, BILIM_I18N_GROUP, "1,500");
    num_is(1234567.891, 2, BILIM_I18N_GROUP, "1,234,567.89");
    num_is(4.2, 2, BILIM_I18N_SIGN, "+4.20");
    num_is(-0.0004, 2, BILIM_I18N_SIGN, "+0.00"); /* rounds to zero: no "-0.00" */
    num_is(-3.25, 1, 0, "-3.2");                  /* printf's rounding: half to even */
    num_is(NAN, 2, 0, "-");
    num_is(INFINITY, 2, 0, "-");
}

Test(i18n, russian_numbers_and_months, .fini = restore)
{
    use("ru");
    cr_assert_str_eq(bilim_i18n_language(), "ru");
    num_is(16100.5, 1, BILIM_I18N_GROUP, "16" NBSP "100,5");
    num_is(1500, 0, BILIM_I18N_GROUP, "1500"); /* four digits stay whole */
    num_is(1234567.891, 2, BILIM_I18N_GROUP, "1" NBSP "234" NBSP "567,89");
    num_is(-4.2, 2, BILIM_I18N_SIGN, "-4,20");
    num_is(0.019, 3, BILIM_I18N_SIGN, "+0,019");
    char m[64];
    bilim_i18n_month(2026, 9, m, sizeof m);
    cr_expect_str_eq(m, "сентябрь 2026" NBSP "г.");
    cr_expect_str_eq(bilim_i18n_month_name(1), "январь");
    bilim_i18n_month(2027, 13, m, sizeof m);
    cr_expect_str_eq(m, "2027-13");
    /* The catalogue answers: a report title and a plural of three forms. */
    cr_expect_str_eq(_("Which option should we fund?"), "Какой вариант финансировать?");
    cr_expect_str_eq(P_(", at most %d school", ", at most %d schools", 1), ", не более %d школы");
    cr_expect_str_eq(P_(", at most %d school", ", at most %d schools", 3), ", не более %d школ");
    cr_expect_str_eq(P_("%d policy option compared with the baseline",
                        "%d policy options compared with the baseline", 2),
                     "%d варианта политики в сравнении с базовым сценарием");
    cr_expect_str_eq(P_("%d policy option compared with the baseline",
                        "%d policy options compared with the baseline", 5),
                     "%d вариантов политики в сравнении с базовым сценарием");
    cr_expect_str_eq(P_("%d policy option compared with the baseline",
                        "%d policy options compared with the baseline", 21),
                     "%d вариант политики в сравнении с базовым сценарием");
}

Test(i18n, kazakh_numbers_and_months, .fini = restore)
{
    use("kk");
    cr_assert_str_eq(bilim_i18n_language(), "kk");
    num_is(16100.5, 1, BILIM_I18N_GROUP, "16" NBSP "100,5");
    num_is(97.5, 1, 0, "97,5");
    char m[64];
    bilim_i18n_month(2026, 9, m, sizeof m);
    cr_expect_str_eq(m, "2026" NBSP "ж. қыркүйек");
    cr_expect_str_eq(bilim_i18n_month_name(12), "желтоқсан");
    cr_expect_str_eq(_("Which option should we fund?"), "Қай нұсқаны қаржыландыру керек?");
}

Test(i18n, the_environment_and_lang, .fini = restore)
{
    /* LANGUAGE as gettext reads it, without the ru_RU locale installed. */
    setenv("LANGUAGE", "ru", 1);
    use(NULL);
    cr_expect_str_eq(bilim_i18n_language(), "ru");
    /* LANG=kk_KZ.UTF-8 (no such locale here): still Kazakh. */
    unsetenv("LANGUAGE");
    setenv("LANG", "kk_KZ.UTF-8", 1);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    use(NULL);
    cr_expect_str_eq(bilim_i18n_language(), "kk");
    /* --lang wins over the environment. */
    use("en");
    cr_expect_str_eq(_("Which option should we fund?"), "Which option should we fund?");
    /* The C locale: English. */
    setenv("LANG", "C.UTF-8", 1);
    use(NULL);
    cr_expect_str_eq(bilim_i18n_language(), "en");
}

Test(i18n, unknown_language_is_a_usage_error, .fini = restore)
{
    bilim_error err;
    bilim_error_clear(&err);
    cr_assert_eq(bilim_lang_setup("de", &err), BILIM_EUSAGE);
    cr_expect(strstr(err.msg, "'de'") && strstr(err.msg, "kk (Kazakh), ru (Russian) or en"),
              "%s", err.msg);
}

Test(i18n, catalogues_found_in_the_build_tree)
{
    char dir[4096];
    bilim_lang_locale_dir(dir, sizeof dir);
    cr_assert(dir[0], "no catalogue directory found");
    cr_expect(strstr(dir, "/locale") != NULL, "%s", dir);
}

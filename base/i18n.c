/* base/i18n.c: see i18n.h. */
#include "base/i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The three languages' ways of writing numbers and months. Kazakh and
 * Russian: decimal comma and a no-break space (U+00A0) between thousands,
 * from five digits on (GOST 8.417 and the Ministry's documents keep "1500"
 * whole); Kazakh puts the year first ("2026 ж. қыркүйек"). */
typedef struct lang_format {
    const char *code;
    const char *decimal, *thousands;
    int group_from;           /* digits in the integer part before grouping starts */
    int year_first;
    const char *year_mark;    /* after (ru) or before the month (kk) */
    const char *months[12];
} lang_format;

static const lang_format formats[] = {
    {"en", ".", ",", 4, 0, "",
     {"January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"}},
    {"ru", ",", "\xc2\xa0", 5, 0, "\xc2\xa0г.",
     {"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
      "сентябрь", "октябрь", "ноябрь", "декабрь"}},
    {"kk", ",", "\xc2\xa0", 5, 1, "\xc2\xa0ж.",
     {"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
      "қыркүйек", "қазан", "қараша", "желтоқсан"}},
};

const char *bilim_i18n_language(void)
{
    /* TRANSLATORS: the code of this catalogue's language, exactly "kk" or
     * "ru": it chooses how numbers and dates are written (decimal comma). */
    const char *code = _("en");
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(code, formats[i].code) == 0)
            return formats[i].code;
    return "en";
}

static const lang_format *format_of(const char *code)
{
    for (size_t i = 1; i < sizeof formats / sizeof formats[0]; i++)
        if (code && strcmp(code, formats[i].code) == 0)
            return &formats[i];
    return &formats[0];
}

static const lang_format *current(void)
{
    return format_of(bilim_i18n_language());
}

void bilim_i18n_number(double v, int decimals, int flags, char *buf, size_t n)
{
    bilim_i18n_number_in(bilim_i18n_language(), v, decimals, flags, buf, n);
}

void bilim_i18n_number_in(const char *lang, double v, int decimals, int flags, char *buf,
                          size_t n)
{
    if (n == 0)
        return;
    if (!isfinite(v)) {
        snprintf(buf, n, "-");
        return;
    }
    const lang_format *L = format_of(lang);
    if (decimals < 0)
        decimals = 0;
    if (decimals > 17)
        decimals = 17;
    /* printf's own rounding, in the C locale's digits, then re-punctuated. */
    char digits[400];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    int zero = strspn(digits, "0.") == strlen(digits);
    const char *sign = v < 0 && !zero ? "-" : (flags & BILIM_I18N_SIGN) ? "+" : "";
    char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
    int group = (flags & BILIM_I18N_GROUP) && int_len >= (size_t)L->group_from;
    size_t k = (size_t)snprintf(buf, n, "%s", sign);
    for (size_t i = 0; i < int_len && k < n; i++) {
        char d[2] = {digits[i], '\0'};
        k += (size_t)snprintf(buf + k, n - k, "%s", d);
        if (group && i + 1 < int_len && (int_len - i - 1) % 3 == 0 && k < n)
            k += (size_t)snprintf(buf + k, n - k, "%s", L->thousands);
    }
    if (dot && k < n)
        snprintf(buf + k, n - k, "%s%s", L->decimal, dot + 1);
}

const char *bilim_i18n_month_name(int month)
{
    return month >= 1 && month <= 12 ? current()->months[month - 1] : "";
}

void bilim_i18n_month(int year, int month, char *buf, size_t n)
{
    const lang_format *L = current();
    if (month < 1 || month > 12)
        snprintf(buf, n, "%04d-%02d", year, month);
    else if (L->year_first)
        snprintf(buf, n, "%d%s %s", year, L->year_mark, L->months[month - 1]);
    else
        snprintf(buf, n, "%s %d%s", L->months[month - 1], year, L->year_mark);
}

/* base/i18n.h: the user's language: translated text (GNU gettext) and
 * numbers and dates written the way the language writes them.
 *
 * Every string that reaches a user is written _("...") (or N_("...") where
 * it is a table's initialiser, translated where it is used, and
 * P_("one", "many", n) where a count decides the form). Lookups go to the
 * "bilim" text domain with dgettext, so the library never changes the
 * process's default text domain. Which catalogue answers, and where the
 * catalogues are, is the program's business (cli/lang.h: setlocale,
 * bindtextdomain, --lang); without that set-up every lookup returns the
 * English text.
 *
 * Numbers and dates follow the language of the text (bilim_i18n_language,
 * which the catalogue itself answers), never the C library's LC_NUMERIC or
 * LC_TIME tables: those are often not installed, and a Russian sentence
 * must not carry an English decimal point. xgettext keywords: _ N_ P_:1,2. */
#ifndef BILIM_I18N_H
#define BILIM_I18N_H

#include <libintl.h>
#include <stddef.h>

#define BILIM_I18N_DOMAIN "bilim"

#define _(s) dgettext(BILIM_I18N_DOMAIN, s)
#define N_(s) s
#define P_(one, many, n) dngettext(BILIM_I18N_DOMAIN, one, many, (unsigned long)(n))

/* The language of the text being written: "en", "kk" or "ru" (the
 * catalogue's answer; "en" when no catalogue is in use). */
const char *bilim_i18n_language(void);

enum {
    BILIM_I18N_SIGN = 1,  /* always a sign: "+4.2", "-4.2", "+0.0" */
    BILIM_I18N_GROUP = 2  /* thousands separators: "16,100" / "16 100" */
};

/* v with `decimals` digits after the separator, in the language's way:
 * "16,100.5" (en), "16 100,5" (kk, ru: decimal comma, no-break space between
 * thousands, four-digit numbers kept whole). flags: BILIM_I18N_SIGN,
 * BILIM_I18N_GROUP. Not finite: "-". */
void bilim_i18n_number(double v, int decimals, int flags, char *buf, size_t n);

/* The same in a given language ("en", "kk", "ru"; another: "en"), whatever
 * the catalogue: for text that goes into files, which must not depend on
 * the user's language (the result file's attributes are English). */
void bilim_i18n_number_in(const char *lang, double v, int decimals, int flags, char *buf,
                          size_t n);

/* A calendar month: "September 2026", "сентябрь 2026 г.", "2026 ж. қыркүйек".
 * month is 1..12; out of range gives "year-month" digits. */
void bilim_i18n_month(int year, int month, char *buf, size_t n);

/* The month's name alone, in the nominative ("September", "сентябрь",
 * "қыркүйек"); "" when month is not 1..12. */
const char *bilim_i18n_month_name(int month);

#endif

/* cli/lang.h: the program's language set-up (the library only looks
 * messages up, base/i18n.h).
 *
 * The language comes from the environment as GNU gettext reads it
 * (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG), or from --lang, which wins.
 * It works on a machine without the kk_KZ/ru_RU locales installed (a bare
 * Debian 12 has only C and C.UTF-8): when LC_MESSAGES cannot be set from
 * the environment, bilim uses C.UTF-8 for it and names the language in
 * LANGUAGE, which gettext honours in any locale but "C". Only LC_MESSAGES
 * is set: LC_NUMERIC stays "C", so printf writes the files' numbers (JSON,
 * CSV, HDF5 attributes) with a point whatever the user's locale; the
 * text's numbers follow the catalogue's language (bilim_i18n_number).
 * Translations are always UTF-8 (bind_textdomain_codeset).
 *
 * The catalogues (bilim.mo) are looked for in $BILIM_LOCALE_DIR, then
 * beside the program (build/locale/ in the build tree; ../share/locale for
 * a relocated installation), then in the installation's locale directory
 * compiled in. */
#ifndef BILIM_LANG_H
#define BILIM_LANG_H

#include <stddef.h>
#include "base/error.h"

/* Sets the process's language: lang "kk", "ru" or "en", or NULL for the
 * environment's. Safe to call again (the last call wins). Errors:
 * BILIM_EUSAGE for another lang (the message lists the three). */
int bilim_lang_setup(const char *lang, bilim_error *err);

/* The directory of the catalogues found (as bilim_lang_setup binds it),
 * into buf; "" when none was found (then messages stay English). */
void bilim_lang_locale_dir(char *buf, size_t n);

#endif

/* cli/lang.c: see lang.h. */
#include "cli/lang.h"

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/i18n.h"

#ifndef BILIM_LOCALEDIR
#error "BILIM_LOCALEDIR (the installed catalogues' directory) comes from CMakeLists.txt"
#endif

#define PATH_CAP 4096

/* 1 when dir holds a bilim catalogue (any of the shipped languages). */
static int holds_catalogues(const char *dir)
{
    static const char *const langs[] = {"kk", "ru"};
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        char p[PATH_CAP + 64];
        struct stat st;
        if (snprintf(p, sizeof p, "%s/%s/LC_MESSAGES/" BILIM_I18N_DOMAIN ".mo", dir, langs[i]) <
                (int)sizeof p &&
            stat(p, &st) == 0 && S_ISREG(st.st_mode))
            return 1;
    }
    return 0;
}

void bilim_lang_locale_dir(char *buf, size_t n)
{
    buf[0] = '\0';
    const char *env = getenv("BILIM_LOCALE_DIR");
    if (env && *env) {
        snprintf(buf, n, "%s", env);
        return;
    }
    char exe[PATH_CAP];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            char cand[PATH_CAP + 32];
            *slash = '\0';
            /* The build tree: build/bilim and build/locale/. */
            snprintf(cand, sizeof cand, "%s/locale", exe);
            if (holds_catalogues(cand)) {
                snprintf(buf, n, "%s", cand);
                return;
            }
            /* A relocated installation: prefix/bin/bilim, prefix/share/locale. */
            snprintf(cand, sizeof cand, "%s/../share/locale", exe);
            if (holds_catalogues(cand)) {
                snprintf(buf, n, "%s", cand);
                return;
            }
        }
    }
    if (holds_catalogues(BILIM_LOCALEDIR))
        snprintf(buf, n, "%s", BILIM_LOCALEDIR);
}

/* The language the environment names, as gettext would read it ("ru_RU"
 * from LANG=ru_RU.UTF-8), into buf; "" for none or the C locale. */
static void language_from_env(char *buf, size_t n)
{
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (!v || !*v)
            continue;
        if (i == 0) {
            snprintf(buf, n, "%s", v);
            return;
        }
        if (strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 || strncmp(v, "C.", 2) == 0)
            return;
        snprintf(buf, n, "%.*s", (int)strcspn(v, ".@"), v);
        return;
    }
}

int bilim_lang_setup(const char *lang, bilim_error *err)
{
    if (lang && strcmp(lang, "kk") != 0 && strcmp(lang, "ru") != 0 && strcmp(lang, "en") != 0)
        return bilim_error_set(err, BILIM_EUSAGE,
                               _("unknown language '%s': use kk (Kazakh), ru (Russian) or "
                                 "en (English)"),
                               lang);
    char want[256];
    if (lang)
        snprintf(want, sizeof want, "%s", lang);
    else
        language_from_env(want, sizeof want);
    const char *got = setlocale(LC_MESSAGES, lang ? "C.UTF-8" : "");
    if (!got || strcmp(got, "C") == 0 || strcmp(got, "POSIX") == 0)
        got = setlocale(LC_MESSAGES, "C.UTF-8"); /* the locale is not installed */
    /* gettext ignores LANGUAGE only in the "C" locale; C.UTF-8 always
     * exists in Debian 12's libc. */
    if (want[0])
        setenv("LANGUAGE", want, 1);
    else
        unsetenv("LANGUAGE");
    char dir[PATH_CAP];
    bilim_lang_locale_dir(dir, sizeof dir);
    if (dir[0])
        bindtextdomain(BILIM_I18N_DOMAIN, dir);
    bind_textdomain_codeset(BILIM_I18N_DOMAIN, "UTF-8");
    /* Tells gettext the environment changed (its cache of lookups). */
    textdomain(textdomain(NULL));
    (void)got;
    return BILIM_OK;
}

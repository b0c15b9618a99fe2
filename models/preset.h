/* models/preset.h: shipped population presets. */
#ifndef BILIM_PRESET_H
#define BILIM_PRESET_H

#include "models/scenario.h"

/* Fills out with the preset called name ("kz-national"). Returns 0, or -1
 * when no preset has that name. */
int bilim_preset_get(const char *name, bilim_population *out);

/* The preset names, NULL-terminated (for error messages and --help). */
const char *const *bilim_preset_names(void);

#endif

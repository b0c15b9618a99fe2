#!/usr/bin/env bash
# Writes the message template (po/bilim.pot) from the sources: every string
# marked _("..."), N_("...") or P_("one", "many", n) (base/i18n.h).
#
#   bash scripts/pot.sh [OUT]     default OUT: po/bilim.pot
#
# Locations are file names without line numbers, so moving code does not
# change the template; the test sh_po_current compares this output with the
# committed po/bilim.pot (ignoring the creation date). After a change:
#   bash scripts/pot.sh && for l in $(cat po/LINGUAS); do
#     msgmerge --update --backup=none --no-location po/$l.po po/bilim.pot; done
# then translate what msgmerge marked fuzzy or left empty (docs/translation.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/po/bilim.pot}
cd "$root"
mapfile -t files < <(ls base/*.c models/*.c sim/*.c formats/*.c analysis/*.c cli/*.c | LC_ALL=C sort)
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=BILIM__TEXT:2 --keyword=bilim_fields_error:5 --keyword=bilim_fields_error_key:4 --keyword=report_at:5 \
  --add-comments=TRANSLATORS: --add-location=file --sort-by-file \
  --package-name=bilim --msgid-bugs-address="" \
  --copyright-holder="the bilim authors" -o "$out" "${files[@]}"

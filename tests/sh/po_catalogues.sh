#!/usr/bin/env bash
# The shipped translations (po/, docs/translation.md): every catalogue
# compiles with msgfmt --check (format strings agree with the English, the
# header and Plural-Forms are right), has no untranslated or fuzzy message,
# and translates every message of po/bilim.pot; and po/bilim.pot is current
# with the sources (scripts/pot.sh's output, the creation date aside), so a
# string marked _() and not yet translated fails here.
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
for tool in msgfmt msgcmp xgettext; do
  command -v $tool >/dev/null || { echo "FAIL: $tool missing (Debian: gettext)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# The template against the sources.
bash "$src/scripts/pot.sh" "$tmp/now.pot" 2>/dev/null
strip_date() { grep -v '^"POT-Creation-Date: ' "$1"; }
if ! diff <(strip_date "$src/po/bilim.pot") <(strip_date "$tmp/now.pot") >"$tmp/pot.diff"; then
  fail "po/bilim.pot is stale: run scripts/pot.sh, msgmerge the .po files and translate"
  head -40 "$tmp/pot.diff"
fi

mapfile -t langs < <(grep '^[a-z]' "$src/po/LINGUAS")
[ "${#langs[@]}" -ge 2 ] || fail "po/LINGUAS lists ${#langs[@]} languages (kk and ru expected)"
declare -A nplurals=([kk]=2 [ru]=3)
for l in "${langs[@]}"; do
  po=$src/po/$l.po
  if ! msgfmt --check --statistics -o "$tmp/$l.mo" "$po" 2>"$tmp/$l.stat"; then
    fail "$l.po does not compile: $(cat "$tmp/$l.stat")"
    continue
  fi
  grep -Eq 'untranslated|fuzzy' "$tmp/$l.stat" && fail "$l.po: $(cat "$tmp/$l.stat")"
  # Every message of the template is in the catalogue (an entry msgmerge
  # would add, untranslated).
  msgcmp "$po" "$src/po/bilim.pot" 2>"$tmp/$l.cmp" || fail "$l.po lacks messages: $(head -5 "$tmp/$l.cmp")"
  grep -q "^\"Language: $l\\\\n\"" "$po" || fail "$l.po: no Language: $l header"
  want=${nplurals[$l]:-}
  [ -z "$want" ] || grep -q "^\"Plural-Forms: nplurals=$want;" "$po" \
    || fail "$l.po: Plural-Forms should have nplurals=$want"
  # The catalogue names its own language (base/i18n.c: numbers follow it).
  grep -A1 '^msgid "en"$' "$po" | grep -qx "msgstr \"$l\"" || fail "$l.po: msgid \"en\" must be \"$l\""
  # A translation that is the English text again is a placeholder, except
  # the few that are the same in every language (names, formats).
  awk -v l="$l" '
    /^msgid "/ { id = substr($0, 7); next }
    /^msgstr "/ { s = substr($0, 8); if (id == s && id !~ /^"(|%s|bilim %s \(commit %s\).*)"$/ && id ~ /[a-z]{3}/)
                    print l ".po: not translated: " id }' "$po" >"$tmp/$l.same"
  [ ! -s "$tmp/$l.same" ] || fail "$(cat "$tmp/$l.same")"
done

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "catalogues: ${langs[*]} complete and current"

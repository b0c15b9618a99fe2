#!/usr/bin/env bash
# The report, the compare summary and the validator in Kazakh and Russian
# (issue 16, item 5): --lang kk|ru, and the language from the environment
# (LANGUAGE, LANG) on a machine without the kk_KZ/ru_RU locales (the test
# machine has only C and C.UTF-8, as a bare Debian 12). Checks that
# translated titles appear, that numbers use decimal commas, that no English
# title is left, that the result file is the same whatever the language, and
# that an unknown language is a usage error.
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
exe=${BILIM_EXE:?BILIM_EXE is set by CTest}
command -v "${BILIM_GNUPLOT:-gnuplot}" >/dev/null || { echo "gnuplot missing: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
unset LANGUAGE LC_MESSAGES LANG
export LC_ALL=C.UTF-8
run=(--schools 60 --replicates 2 --months 12 --quiet)

"$exe" --lang ru compare "$src/scenarios/baseline.json" "$src/scenarios/leadership_training.json" \
  "${run[@]:0:6}" -o ru.h5 >ru.out 2>ru.err || fail "compare --lang ru: $(cat ru.err)"
"$exe" compare "$src/scenarios/baseline.json" "$src/scenarios/leadership_training.json" \
  "${run[@]}" -o en.h5 >en.out 2>en.err || fail "compare: $(cat en.err)"
# The result file does not depend on the language (budget_note, notes,
# titles are stored in English).
if command -v h5dump >/dev/null; then
  # Not the file's name, the command line, the clock or the run time.
  attrs() {
    h5dump -A "$1" | awk 'NR > 1 && !/ATTRIBUTE "(command|created|started|wall_seconds)"/ && !skip
                          /ATTRIBUTE "(command|created|started|wall_seconds)"/ { skip = 1 }
                          skip && /\(0\):/ { skip = 0 }'
  }
  attrs ru.h5 >ru.attrs
  attrs en.h5 >en.attrs
  cmp -s ru.attrs en.attrs || fail "the result file's attributes differ with --lang ru: $(diff ru.attrs en.attrs | head -5)"
fi

for l in ru kk; do
  "$exe" report en.h5 -o "$l.html" --lang "$l" 2>"$l.rep.err" || fail "report --lang $l: $(cat "$l.rep.err")"
done
"$exe" report en.h5 -o en.html 2>en.rep.err || fail "report: $(cat en.rep.err)"
# Text of the page without the style sheet and the charts' SVG.
text() { sed -e '/<style>/,/<\/style>/d' -e '/<svg/,/<\/svg>/d' "$1"; }
# The report's own words and numbers: up to the scenario files' notes and
# the sources' titles (quoted as written) in the assumptions section.
own() { text "$1" | sed -e '/<section id="assumptions">/,$d' -e 's/<[^>]*>//g'; }
check() { # file, then strings that must appear
  local f=$1; shift
  for s in "$@"; do grep -qF -- "$s" <(text "$f") || fail "$f lacks '$s'"; done
}
check ru.html '<html lang="ru">' 'Какой вариант финансировать?' 'Краткие итоги' \
  'Как читать этот отчёт' 'Регулярное применение во времени' 'Готовность директоров школ' \
  'Барьеры, которые назвали бы директора школ' 'Описание сценариев' 'Обучение лидерству для директоров школ'
check kk.html '<html lang="kk">' 'Қай нұсқаны қаржыландыру керек?' 'Қысқаша қорытынды' \
  'Бұл есепті қалай оқу керек' 'Мектеп директорларының дайындығы' 'Мектеп директорлары атайтын кедергілер' \
  'Сценарийлердің сипаттамасы' 'Мектеп директорларына арналған көшбасшылық оқыту'
check en.html '<html lang="en">' 'Which option should we fund?' 'How to read this report'
for l in ru kk; do
  # Decimal commas: effects ("+0,019 п. п.") and amounts ("97,5 млн"); no decimal point
  # in the page's text numbers (the HTML and SVG attributes are not text).
  unit=$([ $l = ru ] && echo 'п\. п\.' || echo 'п\. т\.')
  grep -Eq "[+-][0-9]+,[0-9]+ $unit" <(text "$l.html") || fail "$l.html: no effect with a decimal comma"
  grep -Eq "[0-9]+,[0-9]+ (млн|млрд) (тенге|теңге)" <(text "$l.html") || fail "$l.html: no amount with a decimal comma"
  if own "$l.html" | grep -Eq '[0-9]\.[0-9]'; then
    fail "$l.html: a number with a decimal point: $(own "$l.html" | grep -E '[0-9]\.[0-9]' | head -3)"
  fi
  for en in 'Which option should we fund?' 'How to read this report' 'Routine use over time' \
            'All results' 'Scenario definitions' 'Provenance'; do
    grep -qF "$en" <(text "$l.html") && fail "$l.html still has '$en'"
  done
  # Charts: translated axis titles and gnuplot's decimal comma.
  grep -qF "$([ $l = ru ] && echo 'Месяц' || echo 'Ай')" "$l.html" || fail "$l.html: chart axis not translated"
done

# The summary of compare, in Russian, with decimal commas.
grep -qF 'Рейтинг по эффекту на регулярное применение' ru.out || fail "compare summary: $(cat ru.out)"
grep -Eq '[+-][0-9]+,[0-9]+ п\. п\.' ru.out || fail "compare summary has no decimal comma: $(cat ru.out)"

# The language from the environment, without the locale installed.
LANGUAGE=kk "$exe" --help | grep -F 'Командалар:' >/dev/null || fail "LANGUAGE=kk is not honoured"
env -u LC_ALL LANG=ru_RU.UTF-8 "$exe" --help | grep -F 'Команды:' >/dev/null \
  || fail "LANG=ru_RU.UTF-8 without the ru_RU locale is not honoured"
LANGUAGE=ru "$exe" --lang en --help | grep -F 'Commands:' >/dev/null || fail "--lang en does not override LANGUAGE=ru"
# The validator's messages.
printf '{"name": "x", "months": "12"}\n' >bad.json
LANGUAGE=ru "$exe" validate bad.json >val.out 2>&1 && fail "bad.json validated"
grep -qF 'числа пишутся без кавычек' val.out || fail "validator message not in Russian: $(cat val.out)"
# An unknown language: a usage error naming the three.
if "$exe" --lang de --help >de.out 2>&1; then fail "--lang de accepted"; else
  [ $? -eq 2 ] || fail "--lang de: exit status not 2"
  grep -qF "use kk (Kazakh), ru (Russian) or en (English)" de.out || fail "--lang de: $(cat de.out)"
fi
if "$exe" report en.h5 -o x.html --lang xx >xx.out 2>&1; then fail "report --lang xx accepted"; fi
[ ! -e x.html ] || fail "report --lang xx wrote x.html"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "report, summary, help and validator: kk and ru"

# tests/render/render.bash: sourced by the tests that render a report in
# Chromium (Debian's chromium, headless; scripts/setup.sh --test installs it):
# render_report DIR REPORT.html [TITLE ...] writes DIR/shot.png and DIR/dom.html
# with one Chromium start (about 25 s on a busy 2-core machine, most of it
# Chromium's start-up) and checks them with tests/render/check.py.
# Without chromium: exit 77 (skipped), or a failure under
# BILIM_TESTS_REQUIRE_ALL=1.
render_require_chromium() {
  browser=$(command -v chromium || true)
  if [ -z "$browser" ]; then
    if [ "${BILIM_TESTS_REQUIRE_ALL:-0}" = 1 ]; then
      echo "FAIL: chromium is not installed (scripts/setup.sh --test installs it)"; exit 1
    fi
    echo "SKIP: chromium is not installed"; exit 77
  fi
}

render_report() {
  local dir=$1 report=$2
  shift 2
  # Chromium as root needs --no-sandbox; its own profile in dir.
  timeout 90 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$dir/profile" --window-size=1200,2400 --screenshot="$dir/shot.png" \
    --dump-dom "file://$report" > "$dir/dom.html" 2>"$dir/browser.log" || {
    echo "FAIL: chromium failed:"; tail -5 "$dir/browser.log"; exit 1; }
  /usr/bin/python3 "$src/tests/render/check.py" "$report" "$dir/dom.html" "$dir/shot.png" "$@"
}

#!/usr/bin/env bash
# Opt-in, slow (about an hour on 2 cores), not part of CI: runs the README's two
# commands exactly as written, as a new user would, on freshly bootstrapped
# Debian 12 systems (debootstrap --variant=minbase bookworm: no compiler, cmake,
# git or make), each in its own chroot holding a fresh git clone of HEAD:
#
#   chroot A: bash scripts/demo.sh, bash scripts/test.sh, then both again
#   chroot B: bash scripts/test.sh, then bash scripts/demo.sh
#
# Every run must exit 0 and print no package-manager text on standard output;
# the demo's standard output must say where its report is. Prints a table of
# steps, seconds and exit codes; exits non-zero if any step failed.
#
# Usage (as root): bash tests/bare-machine.sh [WORKDIR]   (default /var/tmp/bilim-bare)
# Needs network access to a Debian mirror (BILIM_BARE_MIRROR, default
# http://deb.debian.org/debian) and debootstrap (installed with apt-get if
# missing). Only committed work is tested (the clone is of HEAD). WORKDIR/base,
# the bootstrapped system, is kept and reused (delete it for a fresh bootstrap);
# the chroots are deleted at the end unless BILIM_BARE_KEEP=1. Logs:
# WORKDIR/logs/<chroot>-<n>-<script>.{out,err}.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/var/tmp/bilim-bare}
mirror=${BILIM_BARE_MIRROR:-http://deb.debian.org/debian}
if [ "$(id -u)" -ne 0 ]; then
  echo "bare-machine: needs root (debootstrap, chroot, mount)" >&2
  exit 2
fi
mkdir -p "$work/logs"
work=$(cd "$work" && pwd)

if [ ! -d "$work/base" ]; then
  command -v debootstrap >/dev/null 2>&1 ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >&2
  echo "bare-machine: bootstrapping Debian 12 (minbase) into $work/base" >&2
  rm -rf "$work/base.tmp"
  debootstrap --variant=minbase bookworm "$work/base.tmp" "$mirror" >"$work/logs/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/logs/debootstrap.log" >&2; exit 1; }
  # The sources of a fresh installation, and no services started in a chroot.
  cat >"$work/base.tmp/etc/apt/sources.list" <<LIST
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://security.debian.org/debian-security bookworm-security main
LIST
  printf '#!/bin/sh\nexit 101\n' >"$work/base.tmp/usr/sbin/policy-rc.d"
  chmod +x "$work/base.tmp/usr/sbin/policy-rc.d"
  mv "$work/base.tmp" "$work/base"
fi

mounted=()
unmount_all() {
  local m
  for m in "${mounted[@]}"; do
    umount -R "$m" 2>/dev/null || umount -lR "$m" 2>/dev/null || true
  done
  mounted=()
}
# Deletes a chroot only when nothing is mounted under it (a bind-mounted /dev
# must never be deleted through it).
remove_root() {
  if awk -v r="$1/" 'index($2 "/", r) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    echo "bare-machine: $1 still has mounts; not deleting it" >&2
    return 1
  fi
  rm -rf "$1"
}
trap unmount_all EXIT

# make_root NAME: a copy of the base system with a fresh clone of HEAD in /root/bilim.
make_root() {
  local root=$work/$1
  remove_root "$root"
  cp -a "$work/base" "$root"
  git clone --quiet --no-hardlinks "$src" "$root/root/bilim"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mount -t proc proc "$root/proc" && mounted+=("$root/proc")
  mount -t sysfs sysfs "$root/sys" && mounted+=("$root/sys")
  mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev" && mounted+=("$root/dev")
}

results=()
failed=0
apt_text='Reading package lists|Building dependency tree|Setting up |Unpacking |^Get:[0-9]|Selecting previously unselected'
# step ROOT N SCRIPT: runs `bash scripts/SCRIPT.sh` in /root/bilim of the chroot
# with a login-like clean environment, as the README says.
step() {
  local name=$1 n=$2 script=$3 log rc start secs note=""
  log=$work/logs/$name-$n-$script
  echo "bare-machine: $name: bash scripts/$script.sh (run $n)" >&2
  start=$(date +%s)
  set +e
  chroot "$work/$name" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "cd /root/bilim && bash scripts/$script.sh" </dev/null >"$log.out" 2>"$log.err"
  rc=$?
  set -e
  secs=$(( $(date +%s) - start ))
  if [ "$rc" -ne 0 ]; then
    note="exit $rc; see $log.err"
    tail -n 30 "$log.err" >&2
  elif grep -qE "$apt_text" "$log.out"; then
    rc=1; note="package-manager text on standard output ($log.out)"
  elif [ "$script" = demo ] && ! grep -q 'results/demo/report.html' "$log.out"; then
    rc=1; note="the demo did not say where its report is ($log.out)"
  elif [ "$script" = test ] && [ "$(grep -c '100% tests passed' "$log.out")" -ne 3 ]; then
    rc=1; note="not three passing test runs ($log.out)"
  fi
  [ "$rc" -eq 0 ] || failed=1
  results+=("$(printf '%-3s %-2s %-10s %6s s  %s' "$name" "$n" "$script.sh" "$secs" "${note:-ok}")")
}

make_root A
step A 1 demo
step A 1 test
step A 2 demo
step A 2 test
unmount_all
make_root B
step B 1 test
step B 1 demo
unmount_all

echo "chroot run script      time    result"
printf '%s\n' "${results[@]}"
if [ "${BILIM_BARE_KEEP:-0}" != 1 ]; then
  remove_root "$work/A"
  remove_root "$work/B"
fi
exit "$failed"

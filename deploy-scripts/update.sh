#!/usr/bin/env bash
# Updates an installed NSynthBox to another build, keeping patches and settings: the config in
# /etc/nsynthbox and the state in /var/lib/nsynthbox are never touched. The new version goes to
# /opt/nsynthbox/releases/<version> beside the old one, /opt/nsynthbox/current switches to it
# and the service restarts; the version before stays as /opt/nsynthbox/previous for --rollback.
# The board, USB gadget and read-only-root options of the install are kept.
#
# Usage: sudo update.sh [BUILD] [options]
#   BUILD         nsynthbox-<version>-linux-arm64.tar.gz or its folder (default: the build
#                 this script sits in, as <build>/deploy/update.sh)
#   --rollback    switch back to /opt/nsynthbox/previous instead
#   --keep N      releases to keep, the current one included (default 2; older ones are removed)
#   --no-start    do not restart the service
#   --dry-run     print every change it would make, change nothing
#   --root DIR    act on DIR as if it were /
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=update.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

build="" rollback=0 keep=2 start=1 pass=()
while (($#)); do
  case $1 in
    --rollback) rollback=1; shift ;;
    --keep) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || die "--keep needs a number of at least 1"; keep=$2; shift 2 ;;
    --no-start) start=0; pass+=(--no-start); shift ;;
    --dry-run) DRY_RUN=1; pass+=(--dry-run); shift ;;
    --root) [[ $# -ge 2 ]] || die "$1 needs a value"; set_root "$2"; pass+=(--root "$ROOT"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) [[ -z $build ]] || die "one build at a time ('$build' and '$1')"; build=$1; shift ;;
  esac
done

require_root_user
if overlay_root_active; then
  die "the root file system is the read-only overlay: an update would be lost at the next boot.
Turn it off first: sudo raspi-config nonint do_overlayfs 1 && sudo reboot; update; then
sudo raspi-config nonint do_overlayfs 0 && sudo reboot."
fi

APP=/opt/nsynthbox
[[ -f $(rp /etc/nsynthbox/install.env) && -L $(rp $APP/current) ]] \
  || die "NSynthBox is not installed here ($(rp /etc/nsynthbox/install.env) or $(rp $APP/current) missing): use install.sh"

if ((rollback)); then
  [[ -z $build ]] || die "--rollback takes no build"
  cur=$(readlink "$(rp $APP/current)")
  prev=$(readlink "$(rp $APP/previous)" 2>/dev/null || true)
  [[ -n $prev && -d $(rp "$APP/$prev") ]] || die "no previous release to roll back to ($APP/previous)"
  ensure_symlink $APP/previous "$cur"
  ensure_symlink $APP/current "$prev"
  if real_root && ((start)); then
    change "restart nsynthbox.service" systemctl restart nsynthbox.service
  fi
  finish
  exit 0
fi

if [[ -z $build ]]; then
  [[ -x $here/../nsynthbox && -f $here/../VERSION ]] \
    || die "no build given: pass nsynthbox-<version>-linux-arm64.tar.gz (made by deploy-scripts/publish.sh)"
  build=$(cd "$here/.." && pwd)
fi
[[ -n $build && ( $build == /* || -e $build ) ]] || die "$build: no such file or folder"

# install.sh does the work: it installs the release, switches current/previous, keeps the
# config (it never overwrites config.json) and restarts the service when the program changed.
set +e
NSYNTHBOX_NESTED=1 "$here/install.sh" --build "$build" "${pass[@]}" | tee "$LIB_TMP/install.log"
rc=${PIPESTATUS[0]}
set -e
((rc == 0)) || exit "$rc"
{ grep -E "^(would|change): " "$LIB_TMP/install.log" || true; } | while read -r line; do _count "$line"; done

# Prune old releases: keep current, previous and the newest others up to --keep in all.
if ((DRY_RUN)); then
  new=releases/$(sed -n 's/^build: nsynthbox \([^ ]*\) .*/\1/p' "$LIB_TMP/install.log")
  old=$(readlink "$(rp $APP/current)" 2>/dev/null || true)
  if [[ $new != "$old" ]]; then cur=$new; prev=$old; else cur=$old; prev=$(readlink "$(rp $APP/previous)" 2>/dev/null || true); fi
else
  cur=$(readlink "$(rp $APP/current)")
  prev=$(readlink "$(rp $APP/previous)" 2>/dev/null || true)
fi
kept=1
[[ -n $prev && $prev != "$cur" ]] && kept=2
while IFS= read -r dir; do
  rel=releases/${dir##*/}
  [[ $rel == "$cur" || $rel == "$prev" ]] && continue
  if ((kept < keep)); then kept=$((kept + 1)); continue; fi
  remove_path "$APP/$rel"
done < <(find "$(rp $APP/releases)" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' 2>/dev/null | sort -rn | cut -d' ' -f2-)
if [[ -n $prev && $prev != "$cur" ]] && ((keep < 2)); then
  remove_path "$APP/$prev"
  remove_path $APP/previous
fi

finish

# shellcheck shell=bash
# Helpers shared by install.sh, update.sh and uninstall.sh. Sourced, not run.
#
# Every change to the target goes through one of these functions, so that
#   * --root DIR applies it under DIR instead of / (the tests use a fake root),
#   * --dry-run prints it (with a diff for files) and changes nothing,
#   * a change that is already in place is not made again (safe to re-run).

ROOT=/
DRY_RUN=0
PROG=${PROG:-${0##*/}}

# Scratch space, removed on exit. Changes are counted in a file, so that a change made inside
# a pipeline's subshell counts too.
LIB_TMP=$(mktemp -d "${TMPDIR:-/tmp}/nsynthbox-deploy.XXXXXX")
trap 'rm -rf "$LIB_TMP"' EXIT
: > "$LIB_TMP/changes"
changes() { wc -l < "$LIB_TMP/changes"; }
_count() { echo "$1" >> "$LIB_TMP/changes"; }

MARK_BEGIN_PREFIX='# >>> nsynthbox:'
MARK_END_PREFIX='# <<< nsynthbox:'

say() { printf '%s\n' "$*"; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: %s\n' "$PROG" "$*" >&2; exit 2; }

# The path P (absolute, as on the box) inside the target root.
rp() { if [[ $ROOT == / ]]; then printf '%s' "$1"; else printf '%s%s' "${ROOT%/}" "$1"; fi; }

real_root() { [[ $ROOT == / ]]; }

# change DESCRIPTION COMMAND...: counts and prints the change, runs it unless --dry-run.
change() {
  local what=$1; shift
  _count "$what"
  if ((DRY_RUN)); then say "would: $what"; else say "change: $what"; "$@"; fi
}

# note TEXT: something that is not changed by this run but the user should know or do.
note() { say "note: $*"; }

# Numeric ids from the target's own passwd/group files (works in a fake root too).
uid_of() { awk -F: -v n="$1" '$1 == n { print $3; exit }' "$(rp /etc/passwd)" 2>/dev/null; }
gid_of() { awk -F: -v n="$1" '$1 == n { print $3; exit }' "$(rp /etc/group)" 2>/dev/null; }
group_exists() { [[ -n $(gid_of "$1") ]]; }
user_exists() { [[ -n $(uid_of "$1") ]]; }
# in_group USER GROUP: USER is a listed member of GROUP (or GROUP is its primary group).
in_group() {
  local u=$1 g=$2 gid
  gid=$(gid_of "$g")
  [[ -n $gid ]] || return 1
  awk -F: -v u="$u" -v g="$g" -v gid="$gid" '
    FILENAME ~ /passwd$/ { if ($1 == u && $4 == gid) found = 1; next }
    $1 == g { n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) found = 1 }
    END { exit !found }' "$(rp /etc/passwd)" "$(rp /etc/group)"
}

# owner_ids OWNER GROUP -> "uid:gid" for the target; empty owner means root.
owner_ids() {
  local u=${1:-root} g=${2:-root} uid gid
  uid=$(uid_of "$u"); gid=$(gid_of "$g")
  [[ $u == root ]] && uid=${uid:-0}
  [[ $g == root ]] && gid=${gid:-0}
  if [[ -z $uid || -z $gid ]]; then
    ((DRY_RUN)) && { printf 'new'; return; }  # the user or group is created earlier in this run
    die "no user '$u' or group '$g' in $(rp /etc/passwd) / $(rp /etc/group)"
  fi
  printf '%s:%s' "$uid" "$gid"
}

_set_attrs() { # PATH MODE IDS
  chmod "$2" "$1"
  [[ $3 == new ]] || chown -h "$3" "$1"
}

_attrs_differ() { # PATH MODE IDS
  local cur
  cur=$(stat -c '%a %u:%g' "$1")
  [[ $cur != "$(printf '%o' "$((8#$2))") $3" ]]
}

# write_file PATH MODE [OWNER [GROUP]] < CONTENT: the file at PATH gets exactly CONTENT.
# MODE "-" leaves mode and owner alone (files on the FAT boot partition have none to set).
write_file() {
  local path=$1 mode=$2 ids=keep target tmp
  [[ $mode == - ]] || ids=$(owner_ids "${3:-root}" "${4:-${3:-root}}")
  target=$(rp "$path")
  tmp=$(mktemp "$LIB_TMP/new.XXXXXX")
  cat > "$tmp"
  if [[ -f $target ]] && cmp -s "$tmp" "$target"; then
    if [[ $mode != - ]] && _attrs_differ "$target" "$mode" "$ids"; then
      change "set mode $mode owner ${3:-root}:${4:-${3:-root}} on $path" _set_attrs "$target" "$mode" "$ids"
    fi
    rm -f "$tmp"
    return 0
  fi
  if ((DRY_RUN)); then
    _count "write $path"
    if [[ -f $target ]]; then
      say "would: change $path:"
      diff -u --label "$path" --label "$path (new)" "$target" "$tmp" | sed 's/^/    /' || true
    else
      say "would: create $path$([[ $mode == - ]] || echo " (mode $mode)"):"
      sed 's/^/    + /' "$tmp"
    fi
    rm -f "$tmp"
    return 0
  fi
  say "change: $([[ -f $target ]] && echo update || echo create) $path"
  _count "write $path"
  mkdir -p "$(dirname "$target")"
  # Write beside the target and rename, so a power cut never leaves half a file.
  local staged
  staged=$(mktemp "$(dirname "$target")/.${target##*/}.XXXXXX")
  cat "$tmp" > "$staged"
  rm -f "$tmp"
  if [[ $mode != - ]]; then
    _set_attrs "$staged" "$mode" "$ids"
  elif [[ -f $target ]]; then
    chmod --reference="$target" "$staged" 2>/dev/null || true
  else
    chmod 644 "$staged" 2>/dev/null || true
  fi
  sync -d "$staged" 2>/dev/null || true
  mv -f "$staged" "$target"
}

# copy_file SOURCE PATH MODE: PATH (root-owned) gets SOURCE's bytes; for programs and libraries.
copy_file() {
  local src=$1 path=$2 mode=$3 target
  target=$(rp "$path")
  if [[ -f $target ]] && cmp -s "$src" "$target"; then
    if _attrs_differ "$target" "$mode" 0:0; then change "set mode $mode on $path" _set_attrs "$target" "$mode" 0:0; fi
    return 0
  fi
  change "install $path (from $src)" _copy "$src" "$target" "$mode"
}
_copy() {
  mkdir -p "$(dirname "$2")"
  cp -f "$1" "$2.nsynthbox-new"
  _set_attrs "$2.nsynthbox-new" "$3" 0:0
  mv -f "$2.nsynthbox-new" "$2"
}

# ensure_dir PATH MODE [OWNER [GROUP]]
ensure_dir() {
  local path=$1 mode=$2 ids target
  ids=$(owner_ids "${3:-root}" "${4:-${3:-root}}")
  target=$(rp "$path")
  if [[ -d $target ]]; then
    if _attrs_differ "$target" "$mode" "$ids"; then
      change "set mode $mode owner ${3:-root}:${4:-${3:-root}} on $path/" _set_attrs "$target" "$mode" "$ids"
    fi
  else
    change "create directory $path/ (mode $mode, owner ${3:-root}:${4:-${3:-root}})" _mkdir "$target" "$mode" "$ids"
  fi
}
_mkdir() { mkdir -p "$1" && _set_attrs "$1" "$2" "$3"; }

# ensure_symlink PATH TARGET: PATH is a symbolic link to TARGET (replaced atomically).
ensure_symlink() {
  local path=$1 to=$2 target
  target=$(rp "$path")
  if [[ -L $target && $(readlink "$target") == "$to" ]]; then return 0; fi
  [[ -e $target && ! -L $target ]] && die "$path exists and is not a symbolic link; move it away first"
  change "link $path -> $to" _symlink "$target" "$to"
}
_symlink() {
  mkdir -p "$(dirname "$1")"
  ln -sfn "$2" "$1.nsynthbox-new"
  mv -Tf "$1.nsynthbox-new" "$1"
}

# remove_path PATH: removes a file, link or directory tree if it is there.
remove_path() {
  local target
  target=$(rp "$1")
  [[ -e $target || -L $target ]] || return 0
  change "remove $1$([[ -d $target && ! -L $target ]] && echo /)" rm -rf -- "$target"
}

# block_content FILE NAME: prints the lines between NAME's markers (nothing if absent).
block_content() {
  local file
  file=$(rp "$1")
  [[ -f $file ]] || return 0
  awk -v b="$MARK_BEGIN_PREFIX $2 " -v e="$MARK_END_PREFIX $2 " '
    index($0, b) == 1 { inb = 1; next } index($0, e) == 1 { inb = 0; next } inb' "$file"
}

# _with_block FILE NAME CONTENT-FILE: prints FILE with NAME's block replaced by CONTENT-FILE's
# lines (in place of the first block; appended when there is none; no block if CONTENT-FILE
# is empty). Extra copies of the block are dropped.
_with_block() {
  awk -v b="$MARK_BEGIN_PREFIX $2 " -v e="$MARK_END_PREFIX $2 " -v name="$2" -v cf="$3" '
    function emit(   line, n) {
      n = 0
      while ((getline line < cf) > 0) { if (n++ == 0) print b "(managed by NSynthBox deploy-scripts; edits inside are overwritten) >>>"; print line }
      close(cf)
      if (n) print e "<<<"
      done = 1
    }
    index($0, b) == 1 { if (!done) emit(); inb = 1; next }
    index($0, e) == 1 { inb = 0; next }
    inb { next }
    { print }
    END { if (!done) emit() }' "$1"
}

# set_block FILE NAME [MODE [OWNER [GROUP]]] < CONTENT: FILE holds NAME's marked block with
# CONTENT (an empty CONTENT removes the block). Lines outside the markers are kept as they are.
# MODE "-" (the default) keeps the file's mode and owner.
set_block() {
  local file=$1 name=$2 mode=${3:--} target cf
  target=$(rp "$file")
  cf=$(mktemp "$LIB_TMP/block.XXXXXX")
  cat > "$cf"
  if [[ ! -f $target ]]; then
    if [[ -s $cf ]]; then
      _with_block /dev/null "$name" "$cf" | write_file "$file" "$mode" "${4:-root}" "${5:-${4:-root}}"
    fi
  else
    # A file that does not end in a newline gets one before an appended block.
    { cat "$target"; [[ -s $target && -n $(tail -c1 "$target") ]] && echo; } > "$cf.orig"
    _with_block "$cf.orig" "$name" "$cf" | write_file "$file" "$mode" "${4:-root}" "${5:-${4:-root}}"
    rm -f "$cf.orig"
  fi
  rm -f "$cf"
}

# finish: the closing summary line.
finish() {
  local CHANGES
  CHANGES=$(changes)
  [[ -n ${NSYNTHBOX_NESTED:-} ]] && return 0  # update.sh prints the summary
  if ((DRY_RUN)); then
    say "dry run: $CHANGES change(s) would be made; nothing was changed"
  elif ((CHANGES)); then
    say "done: $CHANGES change(s)"
  else
    say "done: nothing to change, all in place"
  fi
}

# parse_root_opt DIR: checks and sets ROOT.
set_root() {
  [[ -d $1 ]] || die "--root $1: not a directory"
  ROOT=$(cd "$1" && pwd)
}

require_root_user() {
  ((DRY_RUN)) && return 0
  [[ $(id -u) -eq 0 ]] || die "must run as root (sudo $PROG ...), or with --dry-run to see what it would change"
}

# The root file system is an overlay (Raspberry Pi OS's read-only mode): writes would vanish.
overlay_root_active() {
  real_root || return 1
  [[ $(findmnt -n -o FSTYPE / 2>/dev/null) == overlay ]] || grep -qw 'overlayroot=tmpfs' /proc/cmdline 2>/dev/null
}

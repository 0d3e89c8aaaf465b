#!/usr/bin/env bash
# Turns a fresh Raspberry Pi OS (64-bit) or JetPack system into an NSynthBox: boot overlays for
# the panel (I2C, SPI, MIDI UART, I2S DAC), the program in /opt/nsynthbox, a system user, the
# config in /etc/nsynthbox, state in /var/lib/nsynthbox and a systemd service started at boot.
# Safe to re-run: what is already in place is left alone, and the options of the last run
# (board, USB gadget, read-only root) are remembered in /etc/nsynthbox/install.env.
#
# Usage: sudo install.sh [options]
#   --build PATH         nsynthbox-<version>-linux-arm64.tar.gz, or the folder it unpacks to
#                        (default: the build this script sits in, as <build>/deploy/install.sh)
#   --board B            pi4, pi5 or jetson (default: from /proc/device-tree/model)
#   --usb-midi-gadget    make the USB-C port a class-compliant USB MIDI device (Pi 4 / Pi 5)
#   --no-usb-midi-gadget undo --usb-midi-gadget
#   --read-only-root     overlay (read-only) root file system; patches and settings stay on a
#                        writable ext4 file system bound to /var/lib/nsynthbox (Pi only)
#   --no-read-only-root  turn the overlay off again at the next boot (state stays where it is)
#   --data-device DEV    with --read-only-root: an ext4 partition for the state, e.g.
#                        LABEL=nsynthdata (default: a 64 MiB image file on the boot partition)
#   --onnxruntime DIR    an ONNX Runtime build with the CUDA/TensorRT providers (Jetson):
#                        DIR holds libonnxruntime.so and libonnxruntime_providers_*.so
#   --no-start           do not (re)start the service at the end
#   --dry-run            print every change it would make, change nothing
#   --root DIR           act on DIR as if it were / (for tests and SD-card images)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=install.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

build="" board="" gadget="" rofs="" data_device="" ort_dir="" start=1
while (($#)); do
  case $1 in
    --build|--tarball) [[ $# -ge 2 ]] || die "$1 needs a value"; build=$2; shift 2 ;;
    --board) [[ $# -ge 2 ]] || die "$1 needs a value"; board=$2; shift 2 ;;
    --usb-midi-gadget) gadget=1; shift ;;
    --no-usb-midi-gadget) gadget=0; shift ;;
    --read-only-root) rofs=1; shift ;;
    --no-read-only-root) rofs=0; shift ;;
    --data-device) [[ $# -ge 2 ]] || die "$1 needs a value"; data_device=$2; shift 2 ;;
    --onnxruntime) [[ $# -ge 2 ]] || die "$1 needs a value"; ort_dir=$2; shift 2 ;;
    --no-start) start=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    --root) [[ $# -ge 2 ]] || die "$1 needs a value"; set_root "$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

require_root_user
if overlay_root_active; then
  die "the root file system is the read-only overlay: changes would be lost at the next boot.
Turn it off first: sudo raspi-config nonint do_overlayfs 1 && sudo reboot, then run this again."
fi

APP=/opt/nsynthbox
ETC=/etc/nsynthbox
STATE=/var/lib/nsynthbox
CACHE=/var/cache/nsynthbox
USER_NAME=nsynthbox
UNIT=nsynthbox.service
GADGET_UNIT=nsynthbox-usb-gadget.service
DATA_MNT=/mnt/nsynthbox-data

# ---------------------------------------------------------------- the previous run's options
prev_board="" prev_gadget=0 prev_rofs=0 prev_data=""
if [[ -f $(rp $ETC/install.env) ]]; then
  while IFS='=' read -r key value; do
    case $key in
      BOARD) prev_board=$value ;;
      USB_MIDI_GADGET) prev_gadget=$value ;;
      READ_ONLY_ROOT) prev_rofs=$value ;;
      DATA_DEVICE) prev_data=$value ;;
    esac
  done < "$(rp $ETC/install.env)"
fi
gadget=${gadget:-$prev_gadget}
rofs=${rofs:-$prev_rofs}
data_device=${data_device:-$prev_data}

# ---------------------------------------------------------------- board
detect_board() {
  local f model=""
  for f in /proc/device-tree/model /sys/firmware/devicetree/base/model; do
    [[ -r $(rp $f) ]] && { model=$(tr -d '\0' < "$(rp $f)"); break; }
  done
  case $model in
    # Also matches Pi 500 / Pi 400 and the Compute Modules 5 / 4.
    *"Raspberry Pi 5"*|*"Compute Module 5"*) echo pi5 ;;
    *"Raspberry Pi 4"*|*"Compute Module 4"*) echo pi4 ;;
    *Jetson*|*NVIDIA*) echo jetson ;;
    "") die "cannot tell the board: $(rp /proc/device-tree/model) is missing; pass --board pi4|pi5|jetson" ;;
    *) die "board '$model' is not one NSynthBox supports (Raspberry Pi 4, Pi 5, Jetson Orin Nano); pass --board pi4|pi5|jetson to try anyway" ;;
  esac
}
if [[ -z $board ]]; then
  if [[ -n $prev_board ]]; then board=$prev_board; else board=$(detect_board); fi
fi
# What the installed config plays through (hardware/pinmap.json's boards; a test keeps them equal):
# the MIDI UART and the rate to ask of it (38400 = 31250 with the midi-uart overlays), the audio output.
case $board in
  pi4|pi5) pinmap_board=$board midi_uart=/dev/ttyAMA0 midi_baud=38400 audio_device=hw:CARD=sndrpihifiberry,DEV=0 period_frames=64 ;;
  # No overlay for the PCM5102A on the Jetson yet: the BOM's USB audio interface (card "Device").
  jetson) pinmap_board=jetson-orin-nano midi_uart=/dev/ttyTHS1 midi_baud=31250 audio_device=hw:CARD=Device,DEV=0 period_frames=128 ;;
  *) die "--board '$board': expected pi4, pi5 or jetson" ;;
esac
say "board: $board"

if [[ $board == jetson ]]; then
  ((gadget)) && die "--usb-midi-gadget is for the Raspberry Pi: JetPack already uses the Jetson's USB-C port as a USB device (l4t-usb-device-mode); see deploy-scripts/README.md"
  ((rofs)) && die "--read-only-root is for Raspberry Pi OS; on JetPack see deploy-scripts/README.md (overlayroot)"
fi
if [[ -n $data_device && $rofs != 1 && $prev_rofs != 1 ]]; then
  die "--data-device is used with --read-only-root"
fi

# ---------------------------------------------------------------- the build to install
work=$LIB_TMP/build
mkdir -p "$work"

is_build() { [[ -x $1/nsynthbox && -f $1/VERSION && -f $1/RID ]]; }
if [[ -z $build ]]; then
  if is_build "$here/.."; then
    build=$(cd "$here/.." && pwd)
  else
    die "no build given: pass --build nsynthbox-<version>-linux-arm64.tar.gz (made by deploy-scripts/publish.sh)"
  fi
fi
if [[ -f $build ]]; then
  tar -C "$work" -xzf "$build" || die "$build: not a readable .tar.gz"
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)
  if [[ -z $src ]] || ! is_build "$src"; then
    die "$build: no nsynthbox build inside (expected nsynthbox-<version>-<rid>/nsynthbox, VERSION, RID)"
  fi
elif [[ -d $build ]]; then
  is_build "$build" || die "$build: not an nsynthbox build folder (expected nsynthbox, VERSION, RID)"
  src=$(cd "$build" && pwd)
else
  die "--build $build: no such file or folder"
fi
if [[ -f $src/SHA256SUMS ]]; then
  (cd "$src" && sha256sum --quiet --strict -c SHA256SUMS >/dev/null 2>&1) \
    || die "$build: files do not match its SHA256SUMS (damaged copy?)"
fi
version=$(<"$src/VERSION")
rid=$(<"$src/RID")
[[ $version =~ ^[0-9A-Za-z.+-]+$ ]] || die "$src/VERSION: bad version '$version'"
# hpn-v2 is the default model; hpn-v1 ships beside it (--model models/hpn-v1 or Model:Path).
for f in libonnxruntime.so models/{hpn-v2,hpn-v1}/{manifest.json,decoder.onnx,encoder.onnx}; do
  [[ -f $src/$f ]] || die "$build: $f missing"
done
want_rid=linux-arm64
if real_root; then
  case $(uname -m) in aarch64) want_rid=linux-arm64 ;; x86_64) want_rid=linux-x64 ;; *) want_rid=unsupported ;; esac
fi
[[ $rid == "$want_rid" ]] || die "$build is a $rid build; this board needs $want_rid"
say "build: nsynthbox $version ($rid)"

# ---------------------------------------------------------------- packages (on the box only)
# The self-contained build needs only glibc, libstdc++ (both always there), OpenSSL (the model
# check's SHA-256) and libgpiod (the panel's encoders); i2c-tools is for BUILD.md's checks.
pick_pkg() { # first package name that apt knows
  local p
  for p in "$@"; do
    if apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then echo "$p"; return; fi
  done
}
if real_root; then
  pkgs=()
  libs=$(ldconfig -p 2>/dev/null || true)
  grep -q 'libssl\.so\.3 ' <<<"$libs" || pkgs+=("$(pick_pkg libssl3t64 libssl3)")
  grep -Eq 'libgpiod\.so\.[23] ' <<<"$libs" || pkgs+=("$(pick_pkg libgpiod3 libgpiod2)")
  command -v i2cdetect >/dev/null || pkgs+=(i2c-tools)
  mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | grep -v '^$' || true)
  if ((${#pkgs[@]})); then
    change "apt-get install ${pkgs[*]}" apt-get install -y --no-install-recommends "${pkgs[@]}"
  fi
else
  note "packages not checked (--root): the box needs libssl3 (or libssl3t64) and libgpiod2 (or libgpiod3)"
fi

# ---------------------------------------------------------------- user and groups
prefix=()
real_root || prefix=(--prefix "$ROOT")
groups=(audio gpio i2c spi dialout)
[[ $board == jetson ]] && groups+=(video render)
for g in "${groups[@]}"; do
  group_exists "$g" || change "create system group $g" groupadd "${prefix[@]}" --system "$g"
done
if ! user_exists $USER_NAME; then
  # Its own group, or the one of that name left by an earlier install.
  if group_exists $USER_NAME; then group_opt=(--gid "$USER_NAME"); else group_opt=(--user-group); fi
  change "create system user $USER_NAME (home $STATE, no login)" \
    useradd "${prefix[@]}" --system "${group_opt[@]}" --home-dir $STATE --no-create-home \
      --shell /usr/sbin/nologin --comment "NSynthBox synthesizer" $USER_NAME
fi
for g in "${groups[@]}"; do
  if ((DRY_RUN)) && ! user_exists $USER_NAME; then
    change "add $USER_NAME to group $g" true
  elif ! in_group $USER_NAME "$g"; then
    change "add $USER_NAME to group $g" usermod "${prefix[@]}" -a -G "$g" $USER_NAME
  fi
done

# ---------------------------------------------------------------- folders
ensure_dir $APP 755
ensure_dir $APP/releases 755
ensure_dir $ETC 750 root $USER_NAME
ensure_dir $STATE 750 $USER_NAME
ensure_dir $CACHE 750 $USER_NAME

# ---------------------------------------------------------------- the program
before=$(changes)
release=$APP/releases/$version
install_release() {
  local dest=$1 staging="$1.staging"
  rm -rf "$staging"
  cp -R --preserve=mode,timestamps "$src" "$staging"
  mkdir -p "$staging/deploy"
  for f in install.sh update.sh uninstall.sh lib.sh usb-midi-gadget.sh config.template.json README.md; do
    [[ -f $here/$f && ! -f $staging/deploy/$f ]] && cp "$here/$f" "$staging/deploy/$f"
  done
  chown -R 0:0 "$staging"
  chmod -R u+rwX,go+rX,go-w "$staging"
  rm -rf "$dest"
  mv "$staging" "$dest"
}
if [[ -f $(rp "$release/SHA256SUMS") && -f $src/SHA256SUMS ]] && cmp -s "$(rp "$release/SHA256SUMS")" "$src/SHA256SUMS"; then
  : # this version is installed already
else
  change "install nsynthbox $version to $release/" install_release "$(rp "$release")"
fi

# An ONNX Runtime with GPU providers (Jetson) is kept apart from the releases, so updates keep it.
if [[ -n $ort_dir ]]; then
  [[ -f $ort_dir/libonnxruntime.so ]] || die "--onnxruntime $ort_dir: no libonnxruntime.so there"
  ensure_dir $APP/onnxruntime 755
  for f in "$ort_dir"/libonnxruntime*.so*; do
    [[ -f $f ]] && copy_file "$f" "$APP/onnxruntime/${f##*/}" 644
  done
fi
gpu_ep=cpu
gpu_libs=()
ort_store=$(rp $APP/onnxruntime)
if [[ -f $ort_store/libonnxruntime.so ]]; then
  gpu_libs=("$ort_store"/libonnxruntime*.so*)
elif ((DRY_RUN)) && [[ -n $ort_dir ]]; then
  gpu_libs=("$ort_dir"/libonnxruntime*.so*)
fi
if ((${#gpu_libs[@]})); then
  # .NET loads libonnxruntime.so from the program's folder first, and ONNX Runtime finds its
  # provider libraries beside itself: so they are copied into the release.
  if [[ -f $(rp "$release/libonnxruntime.so") && ! -f $(rp "$release/libonnxruntime.so.cpu") ]]; then
    change "keep the CPU-only ONNX Runtime as $release/libonnxruntime.so.cpu" \
      cp -p "$(rp "$release/libonnxruntime.so")" "$(rp "$release/libonnxruntime.so.cpu")"
  fi
  for f in "${gpu_libs[@]}"; do
    copy_file "$f" "$release/${f##*/}" 644
    case ${f##*/} in libonnxruntime_providers_cuda.so) gpu_ep=cuda ;; esac
  done
  say "onnxruntime: $([[ $gpu_ep == cuda ]] && echo "CUDA provider found: decoding on the GPU" || echo "no CUDA provider in $APP/onnxruntime: decoding on the CPU")"
fi

prev_release=$(readlink "$(rp $APP/current)" 2>/dev/null || true)
if [[ $prev_release != "releases/$version" ]]; then
  [[ -n $prev_release ]] && ensure_symlink $APP/previous "$prev_release"
  ensure_symlink $APP/current "releases/$version"
fi
ensure_symlink /usr/local/bin/nsynthbox $APP/current/nsynthbox
program_changed=$(($(changes) - before))

# ---------------------------------------------------------------- config and remembered options
if [[ -f $(rp $ETC/config.json) ]]; then
  if grep -q '"Hardware"' "$(rp $ETC/config.json)" && ! grep -q '"Panel"' "$(rp $ETC/config.json)"; then
    note "$ETC/config.json is from an older install (a \"Hardware\" section the program never read): the box runs without its panel, DIN MIDI and DAC. Move it aside and run this again to get the board's profile: sudo mv $ETC/config.json $ETC/config.json.old"
  fi
  if [[ $gpu_ep == cuda ]] && ! grep -Eiq '"ExecutionProvider"[[:space:]]*:[[:space:]]*"(cuda|tensorrt)"' "$(rp $ETC/config.json)"; then
    note "this ONNX Runtime has CUDA: set \"Model\": { \"ExecutionProvider\": \"cuda\" } in $ETC/config.json"
  fi
else
  sed -e "s/@BOARD@/$pinmap_board/" -e "s/@EXECUTION_PROVIDER@/$gpu_ep/" -e "s|@MIDI_UART@|$midi_uart|g" -e "s/@MIDI_BAUD@/$midi_baud/g" \
      -e "s/@AUDIO_DEVICE@/$audio_device/" -e "s/@PERIOD_FRAMES@/$period_frames/" "$here/config.template.json" \
    | write_file $ETC/config.json 640 root $USER_NAME
fi
{
  echo "# Written by install.sh: the options of the last install; update.sh and re-runs use them."
  echo "BOARD=$board"
  echo "USB_MIDI_GADGET=$gadget"
  echo "READ_ONLY_ROOT=$rofs"
  echo "DATA_DEVICE=$data_device"
} | write_file $ETC/install.env 644

# ---------------------------------------------------------------- boot configuration
reboot_needed=0
before=$(changes)
modules=(i2c-dev)
[[ $board == jetson ]] && modules+=(spidev)
printf '%s\n' "# NSynthBox: /dev/i2c-* for the panel (written by install.sh)" "${modules[@]}" \
  | write_file /etc/modules-load.d/nsynthbox.conf 644

if [[ $board == pi4 || $board == pi5 ]]; then
  if [[ -f $(rp /boot/firmware/config.txt) ]]; then fw=/boot/firmware
  elif [[ -f $(rp /boot/config.txt) ]]; then fw=/boot
  else die "no $(rp /boot/firmware/config.txt): is this Raspberry Pi OS?"
  fi
  {
    echo "# NSynthBox panel: see hardware/BUILD.md and hardware/pinmap.json"
    echo "[all]"
    echo "dtparam=i2c_arm=on"
    echo "dtparam=i2c_arm_baudrate=400000"
    echo "dtparam=spi=on"
    echo "dtparam=i2s=on"
    echo "# PCM5102A I2S DAC"
    echo "dtoverlay=hifiberry-dac"
    echo "enable_uart=1"
    if [[ $board == pi4 ]]; then
      echo "[pi4]"
      echo "# Bluetooth off the PL011 UART, so /dev/ttyAMA0 is on GPIO14/15; MIDI's 31250 baud"
      echo "dtoverlay=disable-bt"
      echo "dtoverlay=midi-uart0"
    else
      echo "[pi5]"
      echo "# UART0 on GPIO14/15 as /dev/ttyAMA0; MIDI's 31250 baud"
      echo "dtparam=uart0=on"
      echo "dtoverlay=midi-uart0-pi5"
    fi
    if ((gadget)); then
      echo "# USB MIDI gadget on the USB-C port"
      echo "dtoverlay=dwc2,dr_mode=peripheral"
    fi
    echo "[all]"
  } | set_block "$fw/config.txt" boot

  if [[ $board == pi4 && -f $(rp "$fw/cmdline.txt") ]]; then
    # The serial login console would sit on the MIDI UART: take it off the kernel command line.
    cmdline=$(<"$(rp "$fw/cmdline.txt")")
    new_cmdline=$(tr ' ' '\n' <<<"$cmdline" | grep -Ev '^console=(serial0|ttyAMA0|ttyS0),[0-9]+$' | grep -v '^$' | paste -sd' ' -)
    [[ $new_cmdline == "$cmdline" ]] || printf '%s\n' "$new_cmdline" | write_file "$fw/cmdline.txt" -
  fi
  if [[ $board == pi4 ]]; then
    # hciuart would fail without the PL011 (disable-bt).
    if [[ -f $(rp /lib/systemd/system/hciuart.service) || -f $(rp /usr/lib/systemd/system/hciuart.service) ]]; then
      sc=(systemctl); real_root || sc+=(--root="$ROOT")
      if [[ $("${sc[@]}" is-enabled hciuart.service 2>/dev/null || true) == enabled ]]; then
        change "disable hciuart.service (Bluetooth UART, moved off by disable-bt)" "${sc[@]}" disable --quiet hciuart.service
      fi
    fi
  fi
fi

if [[ $board == jetson ]]; then
  {
    echo "# NSynthBox (written by install.sh): the panel's devices for their groups, as Raspberry Pi OS does."
    echo 'SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"'
    echo 'SUBSYSTEM=="i2c-dev", GROUP="i2c", MODE="0660"'
    echo 'SUBSYSTEM=="spidev", GROUP="spi", MODE="0660"'
  } | write_file /etc/udev/rules.d/60-nsynthbox.rules 644
  if real_root && [[ $(changes) -gt $before ]]; then
    change "reload udev rules" sh -c 'udevadm control --reload && udevadm trigger'
  fi
  note "Jetson: enable SPI1 and the I2S pins of the 40-pin header once with sudo /opt/nvidia/jetson-io/jetson-io.py (see hardware/BUILD.md section 3)"
fi
(($(changes) > before)) && reboot_needed=1

# ---------------------------------------------------------------- USB MIDI gadget
before=$(changes)
sc=(systemctl); real_root || sc+=(--root="$ROOT")
if ((gadget)); then
  copy_file "$here/usb-midi-gadget.sh" /usr/local/sbin/nsynthbox-usb-gadget 755
  printf '%s\n' "# NSynthBox USB MIDI gadget (written by install.sh)" dwc2 libcomposite \
    | write_file /etc/modules-load.d/nsynthbox-usb-gadget.conf 644
  write_file /etc/systemd/system/$GADGET_UNIT 644 <<EOF
# Written by NSynthBox's install.sh --usb-midi-gadget.
[Unit]
Description=NSynthBox USB MIDI gadget (class-compliant MIDI on the USB-C port)
After=systemd-modules-load.service sys-kernel-config.mount
Before=$UNIT
ConditionPathIsDirectory=/sys/class/udc

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/nsynthbox-usb-gadget start
ExecStop=/usr/local/sbin/nsynthbox-usb-gadget stop

[Install]
WantedBy=multi-user.target
EOF
  if [[ $("${sc[@]}" is-enabled $GADGET_UNIT 2>/dev/null || true) != enabled ]]; then
    change "enable $GADGET_UNIT" "${sc[@]}" enable --quiet $GADGET_UNIT
  fi
else
  if [[ -f $(rp /etc/systemd/system/$GADGET_UNIT) ]]; then
    change "disable $GADGET_UNIT" "${sc[@]}" disable --quiet $GADGET_UNIT
  fi
  remove_path /etc/systemd/system/$GADGET_UNIT
  remove_path /usr/local/sbin/nsynthbox-usb-gadget
  remove_path /etc/modules-load.d/nsynthbox-usb-gadget.conf
fi
(($(changes) > before)) && reboot_needed=1

# ---------------------------------------------------------------- read-only root
before=$(changes)
overlay_configured() { [[ -n ${fw:-} && -f $(rp "$fw/cmdline.txt") ]] && grep -qw 'overlayroot=tmpfs' "$(rp "$fw/cmdline.txt")"; }
make_image() { truncate -s 64M "$1" && mkfs.ext4 -q -F -L nsynthdata -m 0 "$1"; }
migrate_state() { # move what state there is onto the writable file system and mount it now
  systemctl daemon-reload
  systemctl stop $UNIT 2>/dev/null || true
  mkdir -p $DATA_MNT
  mountpoint -q $DATA_MNT || mount $DATA_MNT
  mkdir -p $DATA_MNT/nsynthbox
  [[ -n $(ls -A $DATA_MNT/nsynthbox) ]] || cp -a $STATE/. $DATA_MNT/nsynthbox/
  chown $USER_NAME:$USER_NAME $DATA_MNT/nsynthbox
  chmod 750 $DATA_MNT/nsynthbox
  mount $STATE
}
if ((rofs)); then
  if [[ -n $data_device ]]; then
    data_line="$data_device $DATA_MNT ext4 defaults,noatime,nofail 0 2"
  else
    image=$fw/nsynthbox-data.img
    data_line="$image $DATA_MNT ext4 loop,noatime,nofail,x-systemd.requires-mounts-for=$fw 0 2"
    if [[ ! -f $(rp "$image") ]]; then
      change "create $image (64 MiB ext4 file system for patches and settings)" make_image "$(rp "$image")"
    fi
  fi
  {
    echo "$data_line"
    echo "$DATA_MNT/nsynthbox $STATE none bind,nofail,x-systemd.requires-mounts-for=$DATA_MNT 0 0"
  } | set_block /etc/fstab state
  write_file /etc/systemd/system/$UNIT.d/read-only-root.conf 644 <<EOF
# Written by NSynthBox's install.sh --read-only-root: start once the writable state is mounted.
[Unit]
Wants=var-lib-nsynthbox.mount
After=var-lib-nsynthbox.mount
EOF
  if real_root && ! mountpoint -q $STATE; then
    change "move $STATE onto $DATA_MNT/nsynthbox and mount it there" migrate_state
  fi
  if ! overlay_configured; then
    if real_root; then
      command -v raspi-config >/dev/null || die "--read-only-root needs raspi-config (Raspberry Pi OS)"
      change "turn on the overlay root file system (raspi-config nonint do_overlayfs 0)" raspi-config nonint do_overlayfs 0
    else
      note "on the box this run would turn on the overlay root: raspi-config nonint do_overlayfs 0 (not run with --root)"
    fi
  fi
else
  remove_path /etc/systemd/system/$UNIT.d/read-only-root.conf
  if [[ -d $(rp /etc/systemd/system/$UNIT.d) ]] && [[ -z $(ls -A "$(rp /etc/systemd/system/$UNIT.d)") ]]; then
    remove_path /etc/systemd/system/$UNIT.d
  fi
  if overlay_configured; then
    if real_root; then
      change "turn off the overlay root file system at the next boot (raspi-config nonint do_overlayfs 1)" raspi-config nonint do_overlayfs 1
    else
      note "on the box this run would turn off the overlay root: raspi-config nonint do_overlayfs 1 (not run with --root)"
    fi
  fi
  if [[ -n $(block_content /etc/fstab state) ]]; then
    note "state stays on $DATA_MNT (the 'state' block in /etc/fstab is kept)"
  fi
fi
(($(changes) > before)) && reboot_needed=1

# ---------------------------------------------------------------- systemd service
before=$(changes)
supplementary=""
for g in "${groups[@]}"; do supplementary+=" $g"; done
{
  cat <<EOF
# Written by NSynthBox's install.sh: re-running it overwrites this file. For local changes
# use a drop-in (sudo systemctl edit nsynthbox), which updates keep.
[Unit]
Description=NSynthBox neural synthesizer
Documentation=file://$APP/current/deploy/README.md
After=sound.target network.target $GADGET_UNIT
StartLimitIntervalSec=120
StartLimitBurst=5

[Service]
# nsynthbox run tells systemd when it is ready (Microsoft.Extensions.Hosting.Systemd).
Type=notify
NotifyAccess=main
ExecStart=$APP/current/nsynthbox run --config $ETC/config.json
WorkingDirectory=$STATE
User=$USER_NAME
Group=$USER_NAME
SupplementaryGroups=${supplementary# }
Restart=on-failure
RestartSec=2
TimeoutStartSec=120
TimeoutStopSec=20
StateDirectory=nsynthbox
StateDirectoryMode=0750
CacheDirectory=nsynthbox
CacheDirectoryMode=0750
Environment=DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
# ONNX Runtime keeps a small cache under \$XDG_CACHE_HOME.
Environment=XDG_CACHE_HOME=$CACHE

# Real-time audio: SCHED_FIFO up to priority 95 and all memory locked, with no capability.
LimitRTPRIO=95
LimitMEMLOCK=infinity

# Hardening. Not set, on purpose: MemoryDenyWriteExecute (the .NET JIT writes code),
# RestrictRealtime (the audio thread is SCHED_FIFO), PrivateDevices (would hide /dev/snd,
# /dev/gpiochip*, /dev/i2c-*), ProcSubset=pid (ONNX Runtime reads /proc/cpuinfo on ARM).
NoNewPrivileges=yes
CapabilityBoundingSet=
AmbientCapabilities=
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
ProtectProc=invisible
RestrictNamespaces=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RemoveIPC=yes
UMask=0027
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM
EOF
  if [[ $board == jetson ]]; then
    cat <<EOF
# Devices: not restricted on the Jetson, where CUDA needs /dev/nvmap, /dev/nvhost-* and
# /dev/nvgpu/*; access is by group (video, render, audio, gpio, i2c, spi, dialout).
EOF
  else
    cat <<EOF
# Devices: sound (ALSA, also USB MIDI), the panel's GPIO, I2C and SPI, and the MIDI UART.
DevicePolicy=closed
DeviceAllow=char-alsa rw
DeviceAllow=char-gpiochip rw
DeviceAllow=char-i2c rw
DeviceAllow=char-spi rw
DeviceAllow=char-ttyAMA rw
EOF
  fi
  cat <<EOF

[Install]
WantedBy=multi-user.target
EOF
} | write_file /etc/systemd/system/$UNIT 644
unit_changed=$(($(changes) - before))
if real_root && ((unit_changed || reboot_needed)); then
  change "reload systemd" systemctl daemon-reload
fi
if [[ $("${sc[@]}" is-enabled $UNIT 2>/dev/null || true) != enabled ]]; then
  change "enable $UNIT (starts at boot)" "${sc[@]}" enable --quiet $UNIT
fi

# ---------------------------------------------------------------- start
if real_root && ((start)); then
  if ((reboot_needed)); then
    :
  elif ((program_changed || unit_changed)) || ! systemctl is-active --quiet $UNIT; then
    change "restart $UNIT" systemctl restart $UNIT
  fi
fi

finish
if ((reboot_needed)); then
  say "reboot to apply the boot configuration: sudo reboot"
fi

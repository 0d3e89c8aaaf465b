#!/usr/bin/env bash
# Removes NSynthBox: the service, the program in /opt/nsynthbox, the USB gadget and the
# nsynthbox block in config.txt. Keeps, unless --purge: the patches and settings in
# /var/lib/nsynthbox, the config in /etc/nsynthbox, the nsynthbox user, a GPU ONNX Runtime in
# /opt/nsynthbox/onnxruntime and the read-only-root state mount, so that a later install.sh
# finds everything as it was.
#
# Usage: sudo uninstall.sh [options]
#   --purge             also remove state, config, the user and the state mount
#   --keep-boot-config  leave the nsynthbox block (I2C, SPI, UART, DAC overlays) in config.txt
#   --dry-run           print every change it would make, change nothing
#   --root DIR          act on DIR as if it were /
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=uninstall.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

purge=0 keep_boot=0
while (($#)); do
  case $1 in
    --purge) purge=1; shift ;;
    --keep-boot-config) keep_boot=1; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    --root) [[ $# -ge 2 ]] || die "$1 needs a value"; set_root "$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

require_root_user
if overlay_root_active; then
  die "the root file system is the read-only overlay: nothing can be removed for good.
Turn it off first: sudo raspi-config nonint do_overlayfs 1 && sudo reboot, then run this again."
fi

APP=/opt/nsynthbox
UNIT=nsynthbox.service
GADGET_UNIT=nsynthbox-usb-gadget.service
sc=(systemctl); real_root || sc+=(--root="$ROOT")

for u in $UNIT $GADGET_UNIT; do
  [[ -f $(rp /etc/systemd/system/"$u") ]] || continue
  if real_root; then
    change "stop and disable $u" systemctl disable --now --quiet "$u"
  elif [[ $("${sc[@]}" is-enabled "$u" 2>/dev/null || true) == enabled ]]; then
    change "disable $u" "${sc[@]}" disable --quiet "$u"
  fi
done
remove_path /etc/systemd/system/$UNIT
remove_path /etc/systemd/system/$UNIT.d
remove_path /etc/systemd/system/$GADGET_UNIT
remove_path /usr/local/sbin/nsynthbox-usb-gadget
remove_path /etc/modules-load.d/nsynthbox-usb-gadget.conf
remove_path /etc/modules-load.d/nsynthbox.conf
if [[ -f $(rp /etc/udev/rules.d/60-nsynthbox.rules) ]]; then
  remove_path /etc/udev/rules.d/60-nsynthbox.rules
  real_root && change "reload udev rules" udevadm control --reload
fi
remove_path /usr/local/bin/nsynthbox

remove_path $APP/current
remove_path $APP/previous
remove_path $APP/releases
if ((purge)); then
  remove_path $APP
elif [[ -d $(rp $APP) && -z $(ls -A "$(rp $APP)") ]]; then
  remove_path $APP
fi
remove_path /var/cache/nsynthbox

fw=""
if [[ -f $(rp /boot/firmware/config.txt) ]]; then fw=/boot/firmware
elif [[ -f $(rp /boot/config.txt) ]]; then fw=/boot
fi
if [[ -n $fw ]]; then
  boot_before=$(changes)
  if ((keep_boot)); then
    [[ -n $(block_content $fw/config.txt boot) ]] && note "kept the nsynthbox block in $fw/config.txt (--keep-boot-config)"
  else
    set_block $fw/config.txt boot < /dev/null
  fi
  boot_changed=$(($(changes) - boot_before))
  if [[ -f $(rp $fw/cmdline.txt) ]] && grep -qw 'overlayroot=tmpfs' "$(rp $fw/cmdline.txt)"; then
    if real_root; then
      change "turn off the overlay root file system (raspi-config nonint do_overlayfs 1)" raspi-config nonint do_overlayfs 1
    else
      note "on the box this run would turn off the overlay root: raspi-config nonint do_overlayfs 1 (not run with --root)"
    fi
  fi
fi

if ((purge)); then
  if [[ -n $(block_content /etc/fstab state) ]]; then
    if real_root; then
      mountpoint -q /var/lib/nsynthbox && change "unmount /var/lib/nsynthbox" umount /var/lib/nsynthbox
      mountpoint -q /mnt/nsynthbox-data && change "unmount /mnt/nsynthbox-data" umount /mnt/nsynthbox-data
    fi
    set_block /etc/fstab state < /dev/null
    [[ -n $fw ]] && remove_path $fw/nsynthbox-data.img
    remove_path /mnt/nsynthbox-data
  fi
  remove_path /var/lib/nsynthbox
  remove_path /etc/nsynthbox
  if user_exists nsynthbox; then
    prefix=(); real_root || prefix=(--prefix "$ROOT")
    change "remove system user nsynthbox" userdel "${prefix[@]}" nsynthbox
  fi
else
  [[ -d $(rp /var/lib/nsynthbox) ]] && note "kept patches and settings in /var/lib/nsynthbox (--purge removes them)"
  [[ -d $(rp /etc/nsynthbox) ]] && note "kept the config in /etc/nsynthbox (--purge removes it)"
  [[ -n $(block_content /etc/fstab state) ]] && note "kept the state mount (the 'state' block in /etc/fstab)"
fi
[[ -n $fw && -f $(rp $fw/cmdline.txt) ]] && ! grep -q 'console=serial0' "$(rp $fw/cmdline.txt)" \
  && note "the serial console stays off; turn it back on with sudo raspi-config (Interface Options, Serial Port) if you want it"

real_root && change "reload systemd" systemctl daemon-reload
finish
if ((${boot_changed:-0})) && ! ((DRY_RUN)); then say "reboot to unload the overlays: sudo reboot"; fi

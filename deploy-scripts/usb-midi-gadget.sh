#!/usr/bin/env bash
# Makes the box a class-compliant USB MIDI device on the Raspberry Pi's USB-C port, through the
# kernel's configfs gadget API and its f_midi function. A laptop then lists "NSynthBox" as a
# MIDI port with no driver; on the box it is one more ALSA card (f_midi) that the synthesizer
# plays from and sends to like any other MIDI port.
#
# install.sh --usb-midi-gadget installs this as /usr/local/sbin/nsynthbox-usb-gadget and runs it
# from nsynthbox-usb-gadget.service. It needs dtoverlay=dwc2,dr_mode=peripheral in config.txt
# (install.sh adds it) and a reboot once.
#
# Usage: nsynthbox-usb-gadget start|stop|status
set -euo pipefail

name=nsynthbox
configfs=/sys/kernel/config
gadget=$configfs/usb_gadget/$name

start() {
  modprobe libcomposite
  mountpoint -q "$configfs" || mount -t configfs none "$configfs"
  if [[ -e $gadget/UDC && -n $(cat "$gadget/UDC") ]]; then
    echo "usb gadget $name already bound to $(cat "$gadget/UDC")"
    return 0
  fi
  mkdir -p "$gadget"
  cd "$gadget"
  echo 0x1d6b > idVendor   # Linux Foundation
  echo 0x0104 > idProduct  # Multifunction Composite Gadget
  echo 0x0100 > bcdDevice
  echo 0x0200 > bcdUSB
  # A MIDI-only device: class defined per interface (the audio class of f_midi).
  echo 0x00 > bDeviceClass
  mkdir -p strings/0x409
  local serial
  serial=$(tr -d '\0' < /proc/device-tree/serial-number 2>/dev/null || true)
  [[ -n $serial ]] || serial=$(cut -c1-16 /etc/machine-id 2>/dev/null || echo 0000000000000000)
  echo "$serial" > strings/0x409/serialnumber
  echo "NSynthBox" > strings/0x409/manufacturer
  echo "NSynthBox" > strings/0x409/product

  mkdir -p functions/midi.usb0
  # Writable only while the function is not linked into a configuration.
  if [[ ! -e configs/c.1/midi.usb0 ]]; then
    echo "NSynthBox" > functions/midi.usb0/id
    echo 1 > functions/midi.usb0/in_ports
    echo 1 > functions/midi.usb0/out_ports
  fi

  mkdir -p configs/c.1/strings/0x409
  echo "MIDI" > configs/c.1/strings/0x409/configuration
  echo 500 > configs/c.1/MaxPower  # mA; a box powered from the laptop draws this and more
  [[ -e configs/c.1/midi.usb0 ]] || ln -s functions/midi.usb0 configs/c.1/

  local udc="" u
  for u in /sys/class/udc/*; do [[ -e $u ]] && { udc=${u##*/}; break; }; done
  if [[ -z $udc ]]; then
    echo "no USB device controller in /sys/class/udc: is dtoverlay=dwc2,dr_mode=peripheral in config.txt, and did the box reboot since?" >&2
    exit 1
  fi
  echo "$udc" > UDC
  echo "usb gadget $name bound to $udc"
}

stop() {
  [[ -d $gadget ]] || return 0
  cd "$gadget"
  [[ -n $(cat UDC 2>/dev/null) ]] && echo "" > UDC
  rm -f configs/c.1/midi.usb0
  rmdir configs/c.1/strings/0x409 configs/c.1 functions/midi.usb0 strings/0x409 2>/dev/null || true
  cd /
  rmdir "$gadget" 2>/dev/null || true
  echo "usb gadget $name removed"
}

status() {
  if [[ -e $gadget/UDC && -n $(cat "$gadget/UDC") ]]; then
    echo "usb gadget $name bound to $(cat "$gadget/UDC")"
  else
    echo "usb gadget $name not bound"
    return 3
  fi
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: ${0##*/} start|stop|status" >&2; exit 2 ;;
esac

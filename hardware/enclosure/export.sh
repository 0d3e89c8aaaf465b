#!/usr/bin/env bash
# Export NSynthBox's enclosure: STL for printing, DXF for laser cutting, optional PNG renders.
#   hardware/enclosure/export.sh [OUT_DIR]          STL + DXF into OUT_DIR (default: ./export)
#   hardware/enclosure/export.sh --png [OUT_DIR]    also PNG renders into ../images
# Needs `openscad` on PATH (Debian: openscad); PNG renders also need an X display or
# xvfb-run (Debian: xvfb, xauth). Nothing is downloaded.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
png=0
if [[ "${1:-}" == "--png" ]]; then png=1; shift; fi
out="${1:-$here/export}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

command -v openscad >/dev/null || { echo "openscad not found on PATH (apt-get install openscad)" >&2; exit 2; }

run() {  # run <output> <scad> [openscad args...]
    local o="$1" s="$2"; shift 2
    if ! openscad -q -o "$o" "$@" "$here/$s" 2>"$o.log"; then
        cat "$o.log" >&2; rm -f "$o.log"; echo "failed: $o" >&2; return 1
    fi
    rm -f "$o.log"
    [[ -s "$o" ]] || { echo "empty: $o" >&2; return 1; }
    echo "wrote $o"
}

pids=()
job() { run "$@" & pids+=($!); }

job "$out/knob.stl"             knob.scad
job "$out/encoder_cap.stl"      encoder_cap.scad
job "$out/grid_frame.stl"       grid_frame.scad
job "$out/corner_post.stl"      corner_post.scad
job "$out/top_panel.dxf"        top_panel.scad -D 'mode="dxf"'
job "$out/top_panel_engrave.dxf" top_panel_engrave.scad
job "$out/bottom_panel.dxf"     bottom_panel.scad -D 'mode="dxf"'
for w in front back left right; do
    job "$out/wall_$w.dxf"      wall.scad -D "which=\"$w\""
done

status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
[[ $status -eq 0 ]] || { echo "export failed" >&2; exit 1; }

if [[ $png -eq 1 ]]; then
    img="$here/../images"
    mkdir -p "$img"
    xv=()
    if [[ -z "${DISPLAY:-}" ]]; then
        command -v xvfb-run >/dev/null || { echo "PNG renders need a display or xvfb-run (apt-get install xvfb xauth)" >&2; exit 3; }
        xv=(xvfb-run -a -s "-screen 0 1280x1024x24")
    fi
    render() {  # render <png> <scad> <rotate x,y,z> [args...]: preview colours, framed to fit
        local o="$1" s="$2" rot="$3"; shift 3
        "${xv[@]}" openscad -q -o "$o" --imgsize=1200,900 --colorscheme=Tomorrow \
            --camera="0,0,0,$rot,500" --viewall --autocenter "$@" "$here/$s" && echo "wrote $o"
    }
    render "$img/assembly.png"         assembly.scad      55,0,25
    render "$img/assembly_open.png"    assembly.scad      55,0,25 -D explode=70
    render "$img/top_panel.png"        top_panel.scad     0,0,0
    render "$img/bottom_panel.png"     bottom_panel.scad  0,0,0
    render "$img/grid_frame.png"       grid_frame.scad    55,0,25
    render "$img/grid_frame_under.png" grid_frame.scad    235,0,25
    render "$img/knob.png"             knob.scad          55,0,25
    render "$img/encoder_cap.png"      encoder_cap.scad   55,0,25
    render "$img/corner_post.png"      corner_post.scad   65,0,35
fi

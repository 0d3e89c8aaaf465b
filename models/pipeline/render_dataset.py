"""Render the NSynth-style note set from FluidR3_GM.sf2 with fluidsynth.

One note per (program, pitch, velocity), mono, 48 kHz. By default (v1's data) every note is
3 s held + 1 s of release. With --holds (v2's data: `--holds 0.5,1.5,3,8 --release 3`) each note
is held for one of the given lengths, chosen so that every instrument has every length across
its pitches and velocities, and recorded for the longest hold + the release; its own hold is
`hold_s` in its record.
The output is deterministic (fluidsynth with reverb and chorus off renders the same samples
for the same MIDI file) and lives in an ignored folder:

    python3 models/pipeline/render_dataset.py --out models/.data

Result: notes.int16 (N x 192000 samples, raw little-endian) and notes.json (one record per
note: program, name, family, pitch, velocity, split). Runs one fluidsynth per program, in
parallel, and skips programs already rendered (resumable).

Note sets (--notes; written to DATA/layout.json first, which analyze_dataset.py reads):
* grid (default): every 3rd semitone from A0 in each instrument's range, at velocities 40, 70, 100, 127.
* fill: the semitone above each grid pitch, at --fill-velocities (default 100) only, as a second data
  folder beside a grid one (train_frames.py takes several --data). FluidR3's instruments change
  sample every few keys; a grid 3 semitones wide does not show where (the cello's bright zone starts
  at C#4, seen on the grid only at D#4). The semitone below each grid pitch stays unrendered in both
  sets: those are the pitches evaluate_v2.py holds out (D4, F4).
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy.io import wavfile

sys.path.insert(0, os.path.dirname(__file__))
import gm  # noqa: E402

SAMPLE_RATE = 48000
HOLD_S = 3.0
RELEASE_S = 1.0
GAP_S = 2.0  # silence after each recorded note, so long release tails die before the next note
V2_HOLDS = (0.5, 1.5, 3.0, 8.0)
V2_RELEASE_S = 3.0
VELOCITIES = [40, 70, 100, 127]
HELD_OUT_VELOCITY = 70
PITCH_GRID_ORIGIN = 21  # A0; grid step 3 semitones keeps A4 (69) and C4 (60) on the grid
PITCH_STEP = 3
SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
TICKS_PER_QUARTER = 480  # with 120 bpm: 960 ticks per second, 50 samples per tick


def pitches_for(program):
    low, high = gm.pitch_range(program)
    first = low + (-(low - PITCH_GRID_ORIGIN)) % PITCH_STEP
    return list(range(first, high + 1, PITCH_STEP))


def is_held_out_pitch(pitch):
    # Every 4th grid pitch: the model never trains on these.
    return ((pitch - PITCH_GRID_ORIGIN) // PITCH_STEP) % 4 == 2


def split_of(pitch, velocity):
    return "test" if is_held_out_pitch(pitch) or velocity == HELD_OUT_VELOCITY else "train"


NOTE_SETS = ("grid", "fill")
FILL_VELOCITIES = (100,)


def note_list(program, notes="grid", fill_velocities=FILL_VELOCITIES):
    """(pitch, velocity) of every note of one program in one note set, in rendering order."""
    if notes == "grid":
        return [(p, v) for p in pitches_for(program) for v in VELOCITIES]
    if notes == "fill":
        high = gm.pitch_range(program)[1]
        return [(p + 1, v) for p in pitches_for(program) if p + 1 <= high for v in fill_velocities]
    raise ValueError(f"note set '{notes}': expected one of {', '.join(NOTE_SETS)}")


def read_layout(data_dir):
    """The note set of a data folder (DATA/layout.json; folders rendered before it existed are grids):
    keyword arguments for note_list."""
    path = os.path.join(data_dir, "layout.json")
    if not os.path.exists(path):
        return {"notes": "grid", "fill_velocities": FILL_VELOCITIES}
    with open(path) as f:
        layout = json.load(f)
    if layout.get("notes") not in NOTE_SETS:
        sys.exit(f"{path}: 'notes' is {layout.get('notes')!r}, expected one of {', '.join(NOTE_SETS)}")
    return {"notes": layout["notes"], "fill_velocities": tuple(int(v) for v in layout.get("fill_velocities", FILL_VELOCITIES))}


def write_layout(data_dir, layout):
    """Records the folder's note set (read_layout's form) before any program is rendered; a folder keeps
    the set it started with."""
    path = os.path.join(data_dir, "layout.json")
    if os.path.exists(path) and (found := read_layout(data_dir)) != layout:
        sys.exit(f"{path}: this folder holds the note set {found}, not {layout}; render into another --out")
    with open(path, "w") as f:
        json.dump({"notes": layout["notes"], "fill_velocities": list(layout["fill_velocities"])}, f)


def hold_of(pitch, velocity, holds):
    """Hold length of one note: cycles through `holds` along pitch and velocity, so each
    instrument has every length at low, middle and high pitches and at every velocity."""
    step = (pitch - PITCH_GRID_ORIGIN) // PITCH_STEP + VELOCITIES.index(velocity)
    return holds[step % len(holds)]


def _vlq(value):
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(out))


def write_smf(path, program, notes, holds, slot_s):
    """A format-0 SMF: program change, then one note per slot of slot_s seconds."""
    events = []  # (tick, bytes)
    events.append((0, bytes([0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20])))  # 500000 us/quarter
    events.append((0, bytes([0xC0, program])))
    events.append((0, bytes([0xB0, 91, 0])))  # reverb send off
    events.append((0, bytes([0xB0, 93, 0])))  # chorus send off
    ticks_per_s = TICKS_PER_QUARTER * 2
    for i, (pitch, velocity) in enumerate(notes):
        on = int(round((0.5 + i * slot_s) * ticks_per_s))
        off = on + int(round(hold_of(pitch, velocity, holds) * ticks_per_s))
        events.append((on, bytes([0x90, pitch, velocity])))
        events.append((off, bytes([0x80, pitch, 64])))
    end = int(round((0.5 + len(notes) * slot_s) * ticks_per_s))
    events.append((end, bytes([0xFF, 0x2F, 0x00])))
    events.sort(key=lambda e: e[0])
    track = bytearray()
    last = 0
    for tick, data in events:
        track += _vlq(tick - last) + data
        last = tick
    with open(path, "wb") as f:
        f.write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, TICKS_PER_QUARTER))
        f.write(b"MTrk" + struct.pack(">I", len(track)) + track)


def note_seconds(holds, release_s):
    return max(holds) + release_s


def render_program(program, work_dir, soundfont=SOUNDFONT, holds=(HOLD_S,), release_s=RELEASE_S, layout=None):
    out = os.path.join(work_dir, f"program{program:03d}.npy")
    if os.path.exists(out):
        return out
    notes = note_list(program, **(layout or {}))
    mid = os.path.join(work_dir, f"program{program:03d}.mid")
    wav = os.path.join(work_dir, f"program{program:03d}.wav")
    slot_s = note_seconds(holds, release_s) + GAP_S
    write_smf(mid, program, notes, holds, slot_s)
    subprocess.run(
        ["fluidsynth", "-ni", "-q", "-R", "0", "-C", "0", "-g", "1.0", "-r", str(SAMPLE_RATE),
         "-o", "synth.polyphony=64", "-F", wav, soundfont, mid],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rate, audio = wavfile.read(wav)
    assert rate == SAMPLE_RATE, f"{wav}: rendered at {rate} Hz, expected {SAMPLE_RATE}"
    mono = audio.astype(np.float32).mean(axis=1) if audio.ndim == 2 else audio.astype(np.float32)
    n = int(note_seconds(holds, release_s) * SAMPLE_RATE)
    segments = np.zeros((len(notes), n), dtype=np.int16)
    for i in range(len(notes)):
        start = int(round((0.5 + i * slot_s) * SAMPLE_RATE))
        seg = mono[start:start + n]
        segments[i, :len(seg)] = np.clip(np.round(seg), -32768, 32767).astype(np.int16)
    np.save(out + ".tmp.npy", segments)
    os.replace(out + ".tmp.npy", out)
    os.remove(wav)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", ".data"))
    ap.add_argument("--programs", default=None, help="comma-separated subset (for tests)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--soundfont", default=SOUNDFONT, help="another GM soundfont: a test set of unseen instruments")
    ap.add_argument("--holds", default=str(HOLD_S), help="comma-separated hold lengths in seconds (v2: 0.5,1.5,3,8)")
    ap.add_argument("--release", type=float, default=RELEASE_S, help="seconds recorded after note-off (v2: 3)")
    ap.add_argument("--notes", choices=NOTE_SETS, default="grid", help="the note set (see above)")
    ap.add_argument("--fill-velocities", default=",".join(str(v) for v in FILL_VELOCITIES),
                    help="velocities of the fill set's notes (comma-separated)")
    args = ap.parse_args()
    holds = tuple(float(h) for h in args.holds.split(","))
    programs = [int(p) for p in args.programs.split(",")] if args.programs else gm.PROGRAMS
    fill_velocities = tuple(int(v) for v in args.fill_velocities.split(","))
    if any(v not in VELOCITIES for v in fill_velocities):
        sys.exit(f"render_dataset.py: --fill-velocities {args.fill_velocities}: expected some of {VELOCITIES}")
    layout = {"notes": args.notes, "fill_velocities": fill_velocities}
    work = os.path.join(args.out, "programs")
    os.makedirs(work, exist_ok=True)
    write_layout(args.out, layout)
    with ThreadPoolExecutor(args.jobs) as pool:
        for i, path in enumerate(pool.map(lambda p: render_program(p, work, args.soundfont, holds, args.release, layout), programs)):
            print(f"[{i + 1}/{len(programs)}] {os.path.basename(path)}", flush=True)

    records = []
    notes_of = {p: note_list(p, **layout) for p in programs}
    total = sum(len(notes) for notes in notes_of.values())
    n = int(note_seconds(holds, args.release) * SAMPLE_RATE)
    tmp = os.path.join(args.out, "notes.int16.tmp")
    mm = np.memmap(tmp, dtype=np.int16, mode="w+", shape=(total, n))
    row = 0
    for p in programs:
        seg = np.load(os.path.join(work, f"program{p:03d}.npy"))
        for (pitch, velocity), audio in zip(notes_of[p], seg):
            mm[row] = audio
            records.append({"row": row, "program": p, "name": gm.GM_NAMES[p], "family": gm.family_of(p),
                            "pitch": pitch, "velocity": velocity, "split": split_of(pitch, velocity),
                            "hold_s": hold_of(pitch, velocity, holds),
                            "peak": int(np.abs(audio.astype(np.int32)).max())})
            row += 1
    mm.flush()
    del mm
    os.replace(tmp, os.path.join(args.out, "notes.int16"))
    meta = {"sample_rate": SAMPLE_RATE, "note_samples": n, "hold_s": max(holds), "holds": list(holds),
            "release_s": args.release,
            "velocities": VELOCITIES, "held_out_velocity": HELD_OUT_VELOCITY, "soundfont": args.soundfont,
            "notes_set": args.notes, "fill_velocities": list(fill_velocities),
            "notes": records}
    with open(os.path.join(args.out, "notes.json.tmp"), "w") as f:
        json.dump(meta, f)
    os.replace(os.path.join(args.out, "notes.json.tmp"), os.path.join(args.out, "notes.json"))
    clipped = sum(1 for r in records if r["peak"] >= 32767)
    print(f"{len(records)} notes, {sum(r['split'] == 'train' for r in records)} train, "
          f"{clipped} clipped, -> {args.out}")


if __name__ == "__main__":
    main()

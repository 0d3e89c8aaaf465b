"""Analyse every rendered note into frame-level targets (analysis.py) for train_frames.py.

    python3 models/pipeline/analyze_dataset.py --data models/.data-v2 --holds 0.5,1.5,3,8

Works per program from DATA/programs/programNNN.npy (written by render_dataset.py), so it can
run while the rendering is still going: programs not rendered yet are waited for, programs
already analysed are skipped (resumable); targets written before transient.py get its onset
transients added, and those written before analysis.VIBRATO_RULE 2 the vibrato of notes that had
none read again (analyze_dataset.update_vibrato), and those written before analysis.detuned_layer each
note's detuned layer (add_layers). Writes DATA/targets/programNNN.npz: per-note fields
(pitch, velocity, vibrato rate, stretch, tuning, end frame, the hold and the lead-in cut before frame 0,
the onset transient's band levels and decay, offset and count of its frames)
and the concatenated frame rows (frame index, harmonic/sub-partial/noise levels in dB, f0
deviation, vibrato depth, tremolo). Targets written before analysis.STRETCH_RULE 2 have the notes
whose stretch the rule rejects analysed again (update_stretch).
"""
import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

# One BLAS thread per worker, set before numpy loads it: the jobs already fill the cores, and the
# noise fit's small matrix products, spread over threads that contend with the other jobs, ran
# 10-60x slower (OpenBLAS's pthread build, which torch needs, starts a thread per core).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import analysis  # noqa: E402
import gm  # noqa: E402
import render_dataset  # noqa: E402
import transient  # noqa: E402

NOTE_FIELDS = ("vib_rate", "stretch", "tuning_cents", "end_frame", "hold_s", "onset_delay_s")
FRAME_FIELDS = ("frames", "harm_db", "sub_db", "noise_db", "cents", "vib_depth", "tremolo")


TRANSIENT_FIELDS = ("transient_db", "transient_tau")
LAYER_FIELDS = ("layer_cents", "layer_gain")


def note_layer(x, pitch, hold_s):
    cents, gain = analysis.detuned_layer(x, pitch, hold_s)
    return {"layer_cents": np.float32(cents), "layer_gain": np.float32(gain)}


def note_transient(x, r, pitch):
    """transient.py's measurement of one note: its audio from the analysis' frame 0 and its targets."""
    delay = int(round(float(r["onset_delay_s"]) * analysis.SR))
    return transient.analyse_transient(x[delay:], r, pitch)


def add_transients(out, audio):
    """Targets analysed before transient.py: measure each note's onset transient from them and the audio."""
    with np.load(out) as npz:
        arrays = {k: npz[k] for k in npz.files}
    found = {f: [] for f in TRANSIENT_FIELDS}
    for j, x in enumerate(audio):
        rows = slice(int(arrays["offset"][j]), int(arrays["offset"][j]) + int(arrays["count"][j]))
        r = {f: arrays[f][rows] for f in ("frames", "harm_db", "sub_db", "noise_db", "cents")}
        r.update({f: arrays[f][j] for f in ("stretch", "tuning_cents", "onset_delay_s")})
        t = note_transient(x.astype(np.float64) / 32768.0, r, int(arrays["pitch"][j]))
        for f in TRANSIENT_FIELDS:
            found[f].append(t[f])
    arrays.update({f: np.asarray(v) for f, v in found.items()})
    save(out, arrays)


def add_layers(out, audio):
    """Targets analysed before analysis.detuned_layer: read each note's detuned layer from its audio."""
    with np.load(out) as npz:
        arrays = {k: npz[k] for k in npz.files}
    found = {f: [] for f in LAYER_FIELDS}
    for j, x in enumerate(audio):
        hold_s = float(arrays["hold_s"][j] + arrays["onset_delay_s"][j])  # the stored hold counts from the cut lead-in
        layer = note_layer(x.astype(np.float64) / 32768.0, int(arrays["pitch"][j]), hold_s)
        for f in LAYER_FIELDS:
            found[f].append(layer[f])
    arrays.update({f: np.asarray(v) for f, v in found.items()})
    save(out, arrays)


def update_vibrato(out):
    """Targets analysed before analysis.modulation read a vibrato from the pitch alone: read again the
    notes that had neither vibrato nor tremolo (their stored frames are what analysis.py would see
    again: nothing was smoothed in them), so a fresh analysis and this update agree."""
    with np.load(out) as npz:
        arrays = {k: npz[k] for k in npz.files}
    for j in range(len(arrays["pitch"])):
        rows = slice(int(arrays["offset"][j]), int(arrays["offset"][j]) + int(arrays["count"][j]))
        if arrays["vib_depth"][rows].any() or arrays["tremolo"][rows].any():
            continue
        harm = 10 ** (arrays["harm_db"][rows].astype(np.float64) / 20)
        rate, depth, trem, _ = analysis.modulation(arrays["frames"][rows], harm, arrays["cents"][rows].astype(np.float64),
                                                   float(arrays["hold_s"][j]))
        arrays["vib_rate"][j] = rate
        arrays["vib_depth"][rows] = depth
        arrays["tremolo"][rows] = trem
    arrays["vibrato_rule"] = np.int32(analysis.VIBRATO_RULE)
    save(out, arrays)


def update_stretch(out, audio, notes, holds):
    """Targets analysed before analysis.STRETCH_RULE 2: the notes whose stretch the rule now rejects
    (a choir's clusters read as B = 6e-4) are analysed again whole, since their partials were measured
    at the stretched positions. The rule only ever rejects, so notes stored with B = 0 stay as they are."""
    with np.load(out) as npz:
        arrays = {k: npz[k] for k in npz.files}
    again = {}
    for j, (pitch, velocity) in enumerate(notes):
        if float(arrays["stretch"][j]) <= 0.0:
            continue
        x = audio[j].astype(np.float64) / 32768.0
        if analysis.fit_stretch(x[analysis.onset_sample(x):], analysis.midi_hz(pitch))[1] == 0.0:
            again[j] = analyse_one(x, pitch, render_dataset.hold_of(pitch, velocity, holds))
    rows = lambda j: slice(int(arrays["offset"][j]), int(arrays["offset"][j]) + int(arrays["count"][j]))  # noqa: E731
    for f in NOTE_FIELDS + TRANSIENT_FIELDS + LAYER_FIELDS:
        for j, r in again.items():
            arrays[f][j] = r[f]
    per_frame = {f: [again[j][f] if j in again else arrays[f][rows(j)] for j in range(len(notes))] for f in FRAME_FIELDS}
    counts = np.array([len(again[j]["frames"]) if j in again else int(arrays["count"][j]) for j in range(len(notes))], dtype=np.int32)
    arrays.update({f: np.concatenate(v).astype(arrays[f].dtype) for f, v in per_frame.items()})
    arrays.update(count=counts, offset=np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64),
                  stretch_rule=np.int32(analysis.STRETCH_RULE))
    save(out, arrays)


def analyse_one(x, pitch, hold_s):
    """Every target of one note (audio as float): analysis.py's, its onset transient and its detuned layer."""
    r = analysis.analyse_note(x, pitch, hold_s)
    r.update(note_transient(x, r, pitch))
    r.update(note_layer(x, pitch, hold_s))
    return r


def save(out, arrays):
    tmp = out + ".tmp.npz"
    np.savez(tmp, **arrays)
    os.replace(tmp, out)


def analyse_program(program, data_dir, holds):
    out = os.path.join(data_dir, "targets", f"program{program:03d}.npz")
    if os.path.exists(out):
        with np.load(out) as npz:
            fields = set(npz.files)
        if not fields.issuperset(TRANSIENT_FIELDS):
            add_transients(out, np.load(os.path.join(data_dir, "programs", f"program{program:03d}.npy"), mmap_mode="r"))
        if "vibrato_rule" not in fields:  # (add_transients keeps the fields it found)
            update_vibrato(out)
        if not fields.issuperset(LAYER_FIELDS):
            add_layers(out, np.load(os.path.join(data_dir, "programs", f"program{program:03d}.npy"), mmap_mode="r"))
        if "stretch_rule" not in fields:
            notes = render_dataset.note_list(program, **render_dataset.read_layout(data_dir))
            update_stretch(out, np.load(os.path.join(data_dir, "programs", f"program{program:03d}.npy"), mmap_mode="r"), notes, holds)
        return out
    audio = np.load(os.path.join(data_dir, "programs", f"program{program:03d}.npy"), mmap_mode="r")
    notes = render_dataset.note_list(program, **render_dataset.read_layout(data_dir))
    per_note = {f: [] for f in NOTE_FIELDS + TRANSIENT_FIELDS + LAYER_FIELDS}
    per_frame = {f: [] for f in FRAME_FIELDS}
    offsets, counts = [], []
    offset = 0
    for (pitch, velocity), x in zip(notes, audio):
        x = x.astype(np.float64) / 32768.0
        r = analyse_one(x, pitch, render_dataset.hold_of(pitch, velocity, holds))
        for f in NOTE_FIELDS + TRANSIENT_FIELDS + LAYER_FIELDS:
            per_note[f].append(r[f])
        for f in FRAME_FIELDS:
            per_frame[f].append(r[f])
        offsets.append(offset)
        counts.append(len(r["frames"]))
        offset += len(r["frames"])
    arrays = {f: np.asarray(v) for f, v in per_note.items()}
    arrays.update({f: np.concatenate(v) for f, v in per_frame.items()})
    arrays.update(pitch=np.array([p for p, _ in notes], dtype=np.int16), velocity=np.array([v for _, v in notes], dtype=np.int16),
                  offset=np.array(offsets, dtype=np.int64), count=np.array(counts, dtype=np.int32),
                  vibrato_rule=np.int32(analysis.VIBRATO_RULE), stretch_rule=np.int32(analysis.STRETCH_RULE))
    save(out, arrays)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--holds", default=",".join(str(h) for h in render_dataset.V2_HOLDS))
    ap.add_argument("--programs", default=None, help="comma-separated subset (for tests)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--wait", type=float, default=3600, help="seconds to wait for a program still being rendered")
    args = ap.parse_args()
    holds = tuple(float(h) for h in args.holds.split(","))
    programs = [int(p) for p in args.programs.split(",")] if args.programs else gm.PROGRAMS
    os.makedirs(os.path.join(args.data, "targets"), exist_ok=True)
    pending = list(programs)
    deadline = time.time() + args.wait
    with ProcessPoolExecutor(args.jobs) as pool:
        running = {}
        while pending or running:
            ready = [p for p in pending if os.path.exists(os.path.join(args.data, "programs", f"program{p:03d}.npy"))]
            for p in ready[:max(0, args.jobs - len(running))]:
                running[p] = pool.submit(analyse_program, p, args.data, holds)
                pending.remove(p)
            for p, fut in list(running.items()):
                if fut.done():
                    print(f"analysed program {p}: {os.path.basename(fut.result())} ({len(programs) - len(pending) - len(running) + 1}/{len(programs)})", flush=True)
                    del running[p]
            if pending and not ready and not running:
                if time.time() > deadline:
                    sys.exit(f"analyze_dataset.py: programs {pending} were not rendered into {args.data}/programs in time")
            time.sleep(0.5)


if __name__ == "__main__":
    main()

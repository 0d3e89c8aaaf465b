"""Measure "bring your own sound" on instruments the model never saw: notes of another soundfont.

    python3 models/pipeline/render_dataset.py --soundfont /usr/share/sounds/sf2/TimGM6mb.sf2 \
        --out models/.data-timgm --programs $(seq -s, 0 7 111)
    python3 models/pipeline/evaluate_import.py --package models/hpn-v1 --data models/.data-timgm --out models/hpn-v1
    python3 models/pipeline/evaluate_import.py --package models/hpn-v2 --data models/.data-timgm --out models/hpn-v2

A v2 package's notes are decoded with all its controls (sub-partials, stretch, vibrato and
tremolo) through the reference synthesizer (evaluate_v2.render_frames); a v1 package's with its two.

For each instrument: import ONE note (the grid pitch nearest middle C, velocity 100) the way
`nsynthbox import` does (encoder, then refinement of the code against that note), decode the
instrument's other pitches within an octave, and compare each with the soundfont's real note by
the model card's log-spectral distance. Next to it: (a) the built-in instrument whose code fits
the imported note best (what a user could do without importing: pick the nearest preset; also
the built-in whose code lies nearest the imported code, the other reading of "nearest"),
(b) the naive baseline (a sine at the right pitch with the real note's loudness envelope), and,
for information, the FluidR3 instrument of the same GM program. Writes import_metrics.json.
With --notes 3, three notes are imported (middle C and about an octave either side, never one of
the compared pitches) and refined together; the nearest built-in is then the best fit over all
three. Writes import_metrics_3notes.json.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
import encoder as enc  # noqa: E402
import evaluate  # noqa: E402
import evaluate_v2  # noqa: E402
import package  # noqa: E402
import refine  # noqa: E402
from train import NoteSet  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", required=True)
    ap.add_argument("--data", required=True, help="notes rendered from a soundfont the model never saw")
    ap.add_argument("--encoder", default=None, help="encoder checkpoint (default: the package's encoder.onnx weights)")
    ap.add_argument("--out", default=None, help="write import_metrics.json here")
    ap.add_argument("--no-refine", action="store_true")
    ap.add_argument("--refine-one", action="store_true", help="refine the code of the single imported note (the box does not)")
    ap.add_argument("--start", default=refine.START, choices=["guess", "best"], help="where the refinement starts (see refine.py)")
    ap.add_argument("--pull", type=float, default=refine.PULL, help="refinement's pull towards its start (dB per unit^2)")
    ap.add_argument("--evaluations", type=int, default=refine.MAX_EVALUATIONS)
    ap.add_argument("--pitches", type=int, default=8, help="other pitches per instrument (the nearest to the imported one)")
    ap.add_argument("--notes", type=int, default=1, choices=[1, 2, 3],
                    help="notes imported: the one near middle C, then the notes nearest an octave below and above it "
                         "that are not compared (refined together, as the box does with several recordings)")
    ap.add_argument("--targets-only", action="store_true",
                    help="decode only what the targets compare (import, best-fitting built-in, sine): 40%% fewer renders, "
                         "no nearest-code or same-program columns")
    ap.add_argument("--programs", default=None, help="comma-separated subset of the data's programs (a quick check)")
    args = ap.parse_args()
    torch.set_num_threads(os.cpu_count() or 2)
    refine.PULL, refine.MAX_EVALUATIONS = args.pull, args.evaluations
    decoder, codes, manifest = package.load_package(args.package)
    encoder = package.load_encoder(args.package, args.encoder, codes.shape[1])
    predictor = enc.BandPredictor()
    decode_frames = evaluate_v2.decode_v2 if package.is_v2(manifest) else evaluate_v2.decode_v1
    data = NoteSet(args.data)

    def decode(code, pitch):
        return decode_frames(decoder, code, pitch, 100, data.hold_s, data.meta["note_samples"] / data.sr)

    by_program = {}
    for n in data.notes:
        if n["velocity"] == 100:
            by_program.setdefault(n["program"], []).append(n)
    audio = lambda n: data.audio[n["row"]].astype(np.float64) / 32768.0  # noqa: E731
    builtin_of_program = {i["program"]: i["index"] for i in manifest["instruments"]}
    rows = []
    chosen = None if args.programs is None else {int(p) for p in args.programs.split(",")}
    for program, notes in sorted(by_program.items()):
        if chosen is not None and program not in chosen:
            continue
        notes.sort(key=lambda n: n["pitch"])
        source = min(notes, key=lambda n: abs(n["pitch"] - 60))
        others = sorted((n for n in notes if n is not source and abs(n["pitch"] - source["pitch"]) <= 12),
                        key=lambda n: abs(n["pitch"] - source["pitch"]))[:args.pitches]
        imported = [source]
        for target in (source["pitch"] - 12, source["pitch"] + 12)[:args.notes - 1]:
            spare = [n for n in notes if n not in imported and n not in others]
            if spare:
                imported.append(min(spare, key=lambda n: abs(n["pitch"] - target)))
        feats_list = [torch.tensor(enc.note_features(audio(n)), dtype=torch.float32)[None] for n in imported]
        f0_list = [torch.tensor([[evaluate.midi_hz(n["pitch"])]], dtype=torch.float32) for n in imported]
        feats, f0 = feats_list[0], f0_list[0]
        started = time.time()
        if len(imported) == 1:
            # One note: the box refines only from refine.MIN_NOTES notes (--refine-one forces it, to measure it).
            z_import, fit_import = refine.import_code(decoder, predictor, encoder, codes, feats, f0,
                                                        refine_code=args.refine_one and not args.no_refine,
                                                        start=args.start)
        else:
            z_import, fit_import = refine.import_code_notes(decoder, predictor, encoder, codes, feats_list, f0_list,
                                                              refine_code=not args.no_refine)
        seconds = time.time() - started
        nearest, fit_nearest = refine.nearest_builtin_notes(decoder, predictor, codes, feats_list, f0_list)
        # The other reading of "the nearest built-in instrument's code": the built-in code nearest the imported one.
        nearest_code = int(torch.argmin(((codes - torch.tensor(z_import)[None]) ** 2).sum(dim=1)))
        same = builtin_of_program.get(program)
        result = {"program": program, "name": source["name"], "source_pitch": source["pitch"],
                  "imported_pitches": [n["pitch"] for n in imported], "import_seconds": seconds,
                  "fit_import_db": fit_import, "fit_nearest_db": fit_nearest,
                  "nearest": manifest["instruments"][nearest]["name"], "nearest_code": manifest["instruments"][nearest_code]["name"],
                  "pitches": [], "lsd_import": [], "lsd_nearest": [], "lsd_nearest_code": [], "lsd_sine": [], "lsd_same_program": []}
        for n in others:
            real = audio(n)
            result["pitches"].append(n["pitch"])
            result["lsd_import"].append(evaluate.log_spectral_distance(
                decode(z_import, n["pitch"]), real))
            result["lsd_nearest"].append(evaluate.log_spectral_distance(
                decode(codes[nearest].numpy(), n["pitch"]), real))
            if not args.targets_only:
                result["lsd_nearest_code"].append(evaluate.log_spectral_distance(
                    decode(codes[nearest_code].numpy(), n["pitch"]), real))
            result["lsd_sine"].append(evaluate.log_spectral_distance(evaluate.sine_baseline(real, n["pitch"]), real))
            if same is not None and not args.targets_only:
                result["lsd_same_program"].append(evaluate.log_spectral_distance(
                    decode(codes[same].numpy(), n["pitch"]), real))
        for key in ("lsd_import", "lsd_nearest", "lsd_nearest_code", "lsd_sine", "lsd_same_program"):
            result[key + "_mean"] = float(np.mean(result[key])) if result[key] else None
        result["beats_both"] = bool(result["lsd_import_mean"] < min(result["lsd_nearest_mean"], result["lsd_sine_mean"]))
        result["beats_both_code"] = (bool(result["lsd_import_mean"] < min(result["lsd_nearest_code_mean"], result["lsd_sine_mean"]))
                                     if result["lsd_nearest_code"] else None)
        rows.append(result)
        print(f"{source['name']:<26} import {result['lsd_import_mean']:.2f} dB (fit {fit_import:.2f}, {seconds:.1f} s) "
              f"nearest built-in {result['lsd_nearest_mean']:.2f} ({result['nearest']}, fit {fit_nearest:.2f}) "
              f"sine {result['lsd_sine_mean']:.2f} same GM program {result['lsd_same_program_mean'] or float('nan'):.2f}"
              f" -> {'better' if result['beats_both'] else 'not better'}", flush=True)

    def mean(key):
        values = [r[key + "_mean"] for r in rows if r[key + "_mean"] is not None]
        return float(np.mean(values)) if values else None
    summary = {"instruments": len(rows), "beats_both": sum(r["beats_both"] for r in rows),
               "beats_nearest": sum(r["lsd_import_mean"] < r["lsd_nearest_mean"] for r in rows),
               "beats_both_code": None if args.targets_only else sum(r["beats_both_code"] for r in rows), "lsd_nearest_code": mean("lsd_nearest_code"),
               "lsd_import": mean("lsd_import"), "lsd_nearest": mean("lsd_nearest"), "lsd_sine": mean("lsd_sine"),
               "lsd_same_program": mean("lsd_same_program"), "refined": (args.refine_one or args.notes >= refine.MIN_NOTES) and not args.no_refine, "start": args.start,
               "notes_imported": args.notes,
               "soundfont": data.meta["soundfont"], "import_seconds_mean": float(np.mean([r["import_seconds"] for r in rows]))}
    print(json.dumps(summary, indent=1))
    if args.out:
        name = "import_metrics.json" if args.notes == 1 else f"import_metrics_{args.notes}notes.json"
        with open(os.path.join(args.out, name + ".tmp"), "w") as f:
            json.dump({"summary": summary, "instruments": rows}, f, indent=1)
        os.replace(os.path.join(args.out, name + ".tmp"), os.path.join(args.out, name))


if __name__ == "__main__":
    main()

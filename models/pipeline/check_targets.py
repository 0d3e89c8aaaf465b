"""How good are the training targets themselves? Resynthesise each of evaluate_v2.py's 16 real notes
at D4 from its own analysis (analysis.py: harmonics, sub-partials, noise, stretch, pitch contour) and
measure the log-spectral distance to the note, with the analysed noise and without any; beside it the
package's decoded note. A decoder trained frame by frame can only be as close as its targets: where the
resynthesis is far from the real note, the analysis is what to fix, not the decoder's capacity.

    python3 models/pipeline/check_targets.py --package models/hpn-v2 --cache DIR   # -> PACKAGE/targets_check.json

DIR is evaluate_v2.py's cache of real notes (rendered there when missing).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
import analysis  # noqa: E402
import evaluate  # noqa: E402
import evaluate_v2 as ev  # noqa: E402
import package  # noqa: E402


def resynthesis(real, pitch, hold_s, seconds, with_noise=True):
    a = analysis.analyse_note(real, pitch, hold_s)
    n = int(seconds * 200) + 1
    c = analysis.every_frame(a, n)
    f0 = analysis.midi_hz(pitch) * 2 ** (c["cents"] / 1200)
    noise = c["noise_db"] if with_noise else np.zeros_like(c["noise_db"])
    return ev.render_frames(f0, c["harm_db"], noise, c["sub_db"], np.full(n, float(a["stretch"])))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", required=True, help="a v2 package (its decoded notes beside the resyntheses)")
    ap.add_argument("--cache", default=os.path.join(os.path.dirname(__file__), "..", ".data-eval"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.cache, exist_ok=True)
    decode, codes, _, _ = ev.load_models(args.package)
    rows = []
    for p, name in ev.SIXTEEN.items():
        if p not in codes["v2"]:
            continue
        real = ev.render_real(p, ev.D4, 100, 3.0, 4.0, args.cache)
        row = {"program": p, "name": name}
        row["resynthesis"] = evaluate.log_spectral_distance(resynthesis(real, ev.D4, 3.0, 4.0), real)
        row["resynthesis_without_noise"] = evaluate.log_spectral_distance(resynthesis(real, ev.D4, 3.0, 4.0, False), real)
        row["decoded"] = evaluate.log_spectral_distance(decode["v2"](codes["v2"][p], ev.D4, 100, 3.0, 4.0), real)
        rows.append(row)
        print(name.ljust(16), " ".join(f"{k} {v:5.2f}" for k, v in row.items() if isinstance(v, float)), flush=True)
    summary = {k: float(np.mean([r[k] for r in rows])) for k in rows[0] if isinstance(rows[0][k], float)}
    print("mean", {k: round(v, 2) for k, v in summary.items()})
    with open(os.path.join(args.package, "targets_check.json"), "w") as f:
        json.dump({"pitch": ev.D4, "velocity": 100, "hold_s": 3.0, "summary": summary, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()

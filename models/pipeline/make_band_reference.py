"""Write the sound encoder's band-prediction reference for v2 frames: decoder frames with
sub-partials, stretch and tremolo -> the band powers encoder.BandPredictor predicts. The C#
BandPredictor's test (tests/NSynthBox.Neural.Tests/BandPredictorTests.cs) must give the same.

    /usr/bin/python3 models/pipeline/make_band_reference.py --out tests/Models/synthetic-v2/band_predictions.json
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
import encoder as enc  # noqa: E402
import hpn_synth  # noqa: E402


def cases():
    """(name, f0, harmonics, noise, sub, stretch, tremolo, layer gain): a low stretched note with sub-partials,
    a high one whose stretched partials cross the anti-alias fade, a v1-like frame (no v2 controls) and one
    with a detuned layer."""
    rng = np.random.default_rng(16)
    k = np.arange(1, hpn_synth.HARMONICS + 1)
    out = []
    for name, f0, stretch, tremolo, subs, layer in (("low stretched with sub-partials", 55.0, 3e-3, 0.5, True, 0.0),
                                                     ("high, stretched across the alias fade", 1760.0, 1e-2, 0.2, True, 0.0),
                                                     ("v1-like", 261.63, 0.0, 0.0, False, 0.0),
                                                     ("detuned layer with tremolo and sub-partials", 261.63, 0.0, 0.3, True, 0.7)):
        harm = 0.3 / k * rng.random(len(k))
        noise = 1e-3 * rng.random(hpn_synth.NOISE_BANDS)
        sub = 0.1 * rng.random(hpn_synth.SUB_PARTIALS) if subs else np.zeros(hpn_synth.SUB_PARTIALS)
        out.append((name, f0, harm, noise, sub, stretch, tremolo, layer))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    predictor = enc.BandPredictor()
    rows = []
    for name, f0, harm, noise, sub, stretch, tremolo, layer in cases():
        t = lambda a: torch.tensor(np.asarray(a, dtype=np.float32)[None])  # noqa: E731
        with torch.no_grad():
            db = predictor(torch.tensor([[f0]], dtype=torch.float32), t(harm), t(noise), t(sub), t([stretch]),
                           t([5.0, 10.0, tremolo]), t([8.0, layer]))[0]
        rows.append({"name": name, "f0_hz": f0, "harmonics": harm.astype(np.float32).tolist(),
                     "noise": noise.astype(np.float32).tolist(), "sub": sub.astype(np.float32).tolist(),
                     "stretch": stretch, "tremolo": tremolo, "layer_gain": layer, "bands_db": db.numpy().tolist()})
    reference = {"sampleRate": enc.SR, "aliasFade": hpn_synth.ALIAS_FADE, "bandEdgesHz": enc.band_edges_hz().tolist(),
                 "noiseToBands": enc.noise_to_bands().tolist(), "cases": rows}
    with open(args.out + ".tmp", "w") as f:
        json.dump(reference, f)
    os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()

"""Write the synthesizer reference cases: parameter frames -> expected audio from the float64
reference renderer in hpn_synth.py. The C# synthesizer's tests read these files and must
match them sample for sample (within float32 tolerance).

    python3 models/pipeline/make_synth_reference.py --out models/hpn-v1/reference
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import hpn_synth  # noqa: E402


def case_steady_a4(frames):
    f0 = np.full(frames + 1, 440.0)
    k = np.arange(1, hpn_synth.HARMONICS + 1)
    harm = np.tile(0.3 / k ** 1.5, (frames + 1, 1))
    return f0, harm, np.zeros((frames + 1, hpn_synth.NOISE_BANDS)), 0.0


def case_glide_across_nyquist(frames):
    # f0 sweeps 100 Hz -> 3 kHz: upper harmonics cross the alias fade and must fade, not click.
    f0 = np.geomspace(100.0, 3000.0, frames + 1)
    rng = np.random.default_rng(7)
    harm = rng.random((frames + 1, hpn_synth.HARMONICS)) * 0.02
    return f0, harm, np.zeros((frames + 1, hpn_synth.NOISE_BANDS)), 0.6


def case_noise_bands(frames):
    rng = np.random.default_rng(11)
    noise = rng.random((frames + 1, hpn_synth.NOISE_BANDS)) * 0.3
    return np.full(frames + 1, 220.0), np.zeros((frames + 1, hpn_synth.HARMONICS)), noise, 0.0


def case_mixed(frames):
    rng = np.random.default_rng(3)
    f0 = 196.0 * (1 + 0.01 * np.sin(np.arange(frames + 1) / 3))
    harm = rng.random((frames + 1, hpn_synth.HARMONICS)) * np.linspace(0.05, 0.0, hpn_synth.HARMONICS)
    noise = rng.random((frames + 1, hpn_synth.NOISE_BANDS)) * 0.05
    return f0, harm, noise, 0.1


CASES = {"steady_a4": case_steady_a4, "glide_across_nyquist": case_glide_across_nyquist,
         "noise_bands": case_noise_bands, "mixed": case_mixed}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--frames", type=int, default=24)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    sr = 48000
    for name, make in CASES.items():
        f0, harm, noise, phi0 = make(args.frames)
        audio = hpn_synth.render_reference(f0, harm, noise, sr=sr, phi0=phi0)
        doc = {"name": name, "sample_rate": sr, "frame_rate": hpn_synth.FRAME_RATE, "phase0": phi0,
               "noise_seed": hpn_synth.NOISE_SEED, "f0": f0.tolist(),
               "harmonics": np.round(harm, 9).tolist(), "noise": np.round(noise, 9).tolist(),
               "expected_audio": np.round(audio, 8).tolist()}
        with open(os.path.join(args.out, f"synth_{name}.json"), "w") as f:
            json.dump(doc, f)
        print(name, len(audio), float(np.abs(audio).max()))


if __name__ == "__main__":
    main()

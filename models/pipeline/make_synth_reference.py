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


# v2 controls (stretch, sub-partials, transient, vibrato/tremolo). Values that the C# side reads as
# float32 are chosen exactly representable (f0 in whole Hz, B a power of two) so the comparison
# measures the synthesizers, not the rounding of their inputs.
def _silent(frames, width):
    return np.zeros((frames + 1, width))


def case_vibrato_tremolo(frames):
    f0 = np.full(frames + 1, 330.0)
    k = np.arange(1, hpn_synth.HARMONICS + 1)
    harm = np.tile(0.25 / k ** 1.2, (frames + 1, 1))
    modulation = np.tile([6.0, 40.0, 0.25], (frames + 1, 1))
    modulation[frames // 2:, 0] = 7.5  # the rate changes mid-note: the LFO phase carries on
    return f0, harm, _silent(frames, hpn_synth.NOISE_BANDS), 0.0, {"modulation": modulation}


def case_stretched_piano(frames):
    f0 = np.full(frames + 1, 110.0)
    k = np.arange(1, hpn_synth.HARMONICS + 1)
    harm = np.tile(0.3 / k, (frames + 1, 1))
    stretch = np.full(frames + 1, 2.0 ** -12)
    stretch[frames // 2:] = 2.0 ** -11  # B may change between frames: each partial's phase carries on
    return f0, harm, _silent(frames, hpn_synth.NOISE_BANDS), 0.3, {"stretch": stretch}


def case_sub_partials(frames):
    f0 = np.geomspace(60.0, 2400.0, frames + 1)  # upper sub-partials cross the alias fade too
    harm = _silent(frames, hpn_synth.HARMONICS)
    harm[:, 0] = 0.2
    sub = np.tile(0.3 / np.arange(1, hpn_synth.SUB_PARTIALS + 1), (frames + 1, 1))
    sub[frames // 3:, 1] = 0.05
    return f0, harm, _silent(frames, hpn_synth.NOISE_BANDS), 0.0, {"sub": sub}


def case_transient(frames):
    rng = np.random.default_rng(5)
    harm = _silent(frames, hpn_synth.HARMONICS)
    harm[:, 0] = 0.1
    noise = np.tile(rng.random(hpn_synth.NOISE_BANDS) * 0.01, (frames + 1, 1))
    transient = np.concatenate([rng.random(hpn_synth.NOISE_BANDS) * 0.5, [0.004]])
    return np.full(frames + 1, 262.0), harm, noise, 0.0, {"transient": transient}


def case_all_controls(frames):
    rng = np.random.default_rng(9)
    f0 = 196.0 * (1 + 0.01 * np.sin(np.arange(frames + 1) / 3))
    harm = rng.random((frames + 1, hpn_synth.HARMONICS)) * np.linspace(0.05, 0.0, hpn_synth.HARMONICS)
    noise = rng.random((frames + 1, hpn_synth.NOISE_BANDS)) * 0.02
    sub = rng.random((frames + 1, hpn_synth.SUB_PARTIALS)) * 0.05
    stretch = np.full(frames + 1, 2.0 ** -13)
    modulation = np.tile([5.0, 25.0, 0.1], (frames + 1, 1))
    transient = np.concatenate([rng.random(hpn_synth.NOISE_BANDS) * 0.2, [0.002]])
    return f0, harm, noise, 0.2, {"stretch": stretch, "sub": sub, "transient": transient, "modulation": modulation}


def case_detuned_layer(frames):
    # Vibrato and stretch under the layer: the layer follows the modulated f0 and the main's stretch;
    # its detune and gain change mid-note (its phase carries on), it starts silent (gain 0), and it is
    # silent for frames 12-18, after which it starts again from phase 0 (docs/SYNTH.md).
    f0 = np.full(frames + 1, 220.0)
    k = np.arange(1, hpn_synth.HARMONICS + 1)
    harm = np.tile(0.25 / k ** 1.2, (frames + 1, 1))
    layer = np.tile([12.0, 0.5], (frames + 1, 1))
    layer[0, 1] = 0.0
    layer[frames // 2:] = [7.0, 0.75]
    layer[12:19, 1] = 0.0
    modulation = np.tile([5.0, 20.0, 0.125], (frames + 1, 1))
    stretch = np.full(frames + 1, 2.0 ** -14)
    return f0, harm, _silent(frames, hpn_synth.NOISE_BANDS), 0.5, {"layer": layer, "modulation": modulation, "stretch": stretch}


V2_CASES = {"vibrato_tremolo": case_vibrato_tremolo, "stretched_piano": case_stretched_piano,
            "sub_partials": case_sub_partials, "transient": case_transient, "all_controls": case_all_controls,
            "detuned_layer": case_detuned_layer}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--frames", type=int, default=24)
    ap.add_argument("--v2-frames", type=int, default=40, help="frames of the v2 control cases (a vibrato cycle needs ~33)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    sr = 48000
    cases = [(name, make(args.frames) + ({},)) for name, make in CASES.items()]
    cases += [(name, make(args.v2_frames)) for name, make in V2_CASES.items()]
    for name, (f0, harm, noise, phi0, controls) in cases:
        audio = hpn_synth.render_reference(f0, harm, noise, sr=sr, phi0=phi0, **controls)
        doc = {"name": name, "sample_rate": sr, "frame_rate": hpn_synth.FRAME_RATE, "phase0": phi0,
               "noise_seed": hpn_synth.NOISE_SEED, "f0": f0.tolist(),
               "harmonics": np.round(harm, 9).tolist(), "noise": np.round(noise, 9).tolist()}
        for key, value in controls.items():
            doc[key] = np.asarray(value).tolist()
        doc["expected_audio"] = np.round(audio, 8).tolist()
        with open(os.path.join(args.out, f"synth_{name}.json"), "w") as f:
            json.dump(doc, f)
        print(name, len(audio), float(np.abs(audio).max()))


if __name__ == "__main__":
    main()

"""Export a trained checkpoint as the model package the C# runtime loads.

    python3 models/pipeline/export.py --run models/.runs/hpn-v1 --data models/.data --out models/hpn-v1

Writes decoder.onnx (opset 17, batch = dynamic axis), manifest.json (sample rate, frame rate,
latent size, tensor names and shapes, synthesizer settings, instrument list with codes,
version, sha256 of the graph) and reference/decoder_pairs.json (decoder inputs -> torch
outputs, which the C# tests feed through ONNX Runtime). Files are written atomically.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(__file__))
import gm  # noqa: E402
import hpn_synth  # noqa: E402
import model as model_lib  # noqa: E402

INPUTS = ["z", "f0_hz", "velocity", "time_since_onset", "time_since_release"]
OUTPUTS = ["harmonic_amplitudes", "noise_gains"]
OPSET = 17
VERSION = "1.0.0"


def atomic_write(path, data, mode="w"):
    tmp = path + ".tmp"
    with open(tmp, mode) as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load(run):
    ckpt = torch.load(os.path.join(run, "checkpoint.pt"))
    programs = ckpt["programs"]
    model = model_lib.TimbreModel(len(programs), config=ckpt.get("config", model_lib.V1_CONFIG))
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model, programs, ckpt


def export_onnx(decoder, path):
    b = 3
    example = (torch.zeros(b, model_lib.LATENT), torch.full((b, 1), 261.6), torch.full((b, 1), 0.7),
               torch.full((b, 1), 0.2), torch.full((b, 1), -1.0))
    tmp = path + ".tmp"
    torch.onnx.export(decoder, example, tmp, input_names=INPUTS, output_names=OUTPUTS, opset_version=OPSET,
                      dynamic_axes={n: {0: "batch"} for n in INPUTS + OUTPUTS}, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(tmp))
    os.replace(tmp, path)


def decoder_pairs(decoder, codes, count=24, seed=5):
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, codes.shape[0], count)
    mix = rng.random((count, 1))
    z = (codes[idx] * mix + codes[(idx + 1) % codes.shape[0]] * (1 - mix)).astype(np.float32)
    f0 = (440.0 * 2 ** ((rng.integers(24, 100, (count, 1)) - 69) / 12)).astype(np.float32)
    vel = rng.random((count, 1)).astype(np.float32)
    t_on = (rng.random((count, 1)) * 4).astype(np.float32)
    t_rel = np.where(t_on > 3, t_on - 3, -1.0).astype(np.float32)
    with torch.no_grad():
        h, n = decoder(*(torch.tensor(a) for a in (z, f0, vel, t_on, t_rel)))
    return {"inputs": {"z": z.tolist(), "f0_hz": f0.tolist(), "velocity": vel.tolist(),
                       "time_since_onset": t_on.tolist(), "time_since_release": t_rel.tolist()},
            "outputs": {"harmonic_amplitudes": h.numpy().tolist(), "noise_gains": n.numpy().tolist()}}


def decoder_cost(decoder):
    params = sum(p.numel() for p in decoder.parameters())
    macs = sum(m.in_features * m.out_features for m in decoder.modules() if isinstance(m, torch.nn.Linear))
    return params, 2 * macs / 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default="hpn-v1")
    args = ap.parse_args()
    os.makedirs(os.path.join(args.out, "reference"), exist_ok=True)
    model, programs, ckpt = load(args.run)
    onnx_path = os.path.join(args.out, "decoder.onnx")
    export_onnx(model.decoder, onnx_path)
    codes = model.codes.weight.detach().numpy()
    pairs = decoder_pairs(model.decoder, codes)
    atomic_write(os.path.join(args.out, "reference", "decoder_pairs.json"), json.dumps(pairs))
    params, mflops = decoder_cost(model.decoder)
    digest = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
    tensor = lambda name, width: {"name": name, "shape": ["batch", width]}  # noqa: E731
    manifest = {
        "format": "nsynthbox-model",
        "formatVersion": 1,
        "name": args.name,
        "version": VERSION,
        "sampleRate": 48000,
        "frameRate": hpn_synth.FRAME_RATE,
        "latentSize": model_lib.LATENT,
        "decoder": {
            "file": "decoder.onnx", "sha256": digest, "opset": OPSET,
            "parameters": params, "mflopsPerVoiceFrame": round(mflops, 4),
            "inputs": [tensor("z", model_lib.LATENT)] + [tensor(n, 1) for n in INPUTS[1:]],
            "outputs": [tensor("harmonic_amplitudes", hpn_synth.HARMONICS), tensor("noise_gains", hpn_synth.NOISE_BANDS)],
            "maxOnsetSeconds": model_lib.MAX_ONSET_S,
            "architecture": {"latent": model_lib.LATENT, **model.config},
            "notes": "time_since_release < 0 while the key is held; velocity in 0..1; f0 in Hz",
        },
        "synth": {
            "harmonics": hpn_synth.HARMONICS, "noiseBands": hpn_synth.NOISE_BANDS,
            "noiseLowHz": hpn_synth.NOISE_LOW_HZ, "noiseHighHz": hpn_synth.NOISE_HIGH_HZ,
            "aliasFade": hpn_synth.ALIAS_FADE, "noiseSeed": hpn_synth.NOISE_SEED,
        },
        "instruments": [
            {"index": i, "program": p, "name": gm.GM_NAMES[p], "family": gm.family_of(p),
             "range": list(gm.pitch_range(p)), "code": [round(float(c), 6) for c in codes[i]]}
            for i, p in enumerate(programs)
        ],
        "training": {"steps": ckpt["step"], "args": ckpt["args"], "soundfont": "FluidR3_GM.sf2"},
    }
    atomic_write(os.path.join(args.out, "manifest.json"), json.dumps(manifest, indent=1))
    print(f"exported {onnx_path} ({os.path.getsize(onnx_path)} bytes, {params} parameters, "
          f"{mflops:.3f} MFLOP per voice-frame), {len(programs)} instruments")


if __name__ == "__main__":
    main()

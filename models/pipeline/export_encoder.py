"""Add a trained sound encoder to a model package.

    python3 models/pipeline/export_encoder.py --package models/hpn-v1 --run models/.runs/encoder-hpn-v1
    python3 models/pipeline/export_encoder.py --package models/hpn-v2 --run models/.runs/encoder-hpn-v2

For a v2 package the reference fit distances come from its decoder's v2 frames (sub-partials,
stretch, tremolo: encoder.BandPredictor), which the C# NeuralSoundEncoder reproduces.

Writes encoder.onnx (opset 17, batch = dynamic axis: features [batch, FRAMES, BANDS] dB and
f0_hz [batch, 1] -> z [batch, latent]), an "encoder" entry in manifest.json with everything the
C# runtime needs to compute the same features and to predict them from decoder frames (band
edges, the noise-to-band map, the import velocity, the refinement settings), and
reference/encoder_pairs.json (a real note's features -> z, and the fit distances of a few codes)
that the C# tests reproduce. The decoder and its hash are untouched.
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
import encoder as enc  # noqa: E402
import hpn_synth  # noqa: E402
import package  # noqa: E402
import refine  # noqa: E402
from export import OPSET, atomic_write  # noqa: E402


def reference_note(seconds=1.2, f0=261.63):
    """A deterministic test note: decaying harmonics with a little noise, 48 kHz."""
    t = np.arange(int(seconds * enc.SR)) / enc.SR
    x = sum((0.5 / k) * np.exp(-t * (1.5 + 0.8 * k)) * np.sin(2 * np.pi * k * f0 * t + 0.3 * k) for k in range(1, 16))
    x = x * np.minimum(1.0, t / 0.01)
    rng = np.random.default_rng(7)
    return (x + 0.002 * rng.standard_normal(len(t))).astype(np.float32), f0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", required=True)
    ap.add_argument("--run", required=True)
    args = ap.parse_args()
    decoder, codes, manifest = package.load_package(args.package)
    ckpt = torch.load(os.path.join(args.run, "encoder.pt"))
    if ckpt["decoder_sha256"] != manifest["decoder"]["sha256"]:
        sys.exit(f"{args.run}: the encoder was trained against decoder {ckpt['decoder_sha256'][:12]}, "
                 f"the package's is {manifest['decoder']['sha256'][:12]}: train it again for this package")
    model = package.load_encoder(args.package, os.path.join(args.run, "encoder.pt"), codes.shape[1])
    path = os.path.join(args.package, "encoder.onnx")
    example = (torch.zeros(2, enc.FRAMES, enc.BANDS), torch.full((2, 1), 261.6))
    torch.onnx.export(model, example, path + ".tmp", input_names=["features", "f0_hz"], output_names=["z"],
                      opset_version=OPSET, dynamic_axes={"features": {0: "batch"}, "f0_hz": {0: "batch"}, "z": {0: "batch"}})
    onnx.checker.check_model(onnx.load(path + ".tmp"))
    os.replace(path + ".tmp", path)

    x, f0 = reference_note()
    feats = torch.tensor(enc.note_features(x), dtype=torch.float32)[None]
    f0t = torch.tensor([[f0]], dtype=torch.float32)
    predictor = enc.BandPredictor()
    with torch.no_grad():
        z = model(feats, f0t)
    probe = torch.cat([z, codes[:3]])
    pairs = {"note": {"f0_hz": f0, "samples": [round(float(v), 7) for v in x]},
             "features": feats[0].numpy().round(5).tolist(), "z": z[0].numpy().tolist(),
             "probe_codes": probe.numpy().tolist(),
             "probe_fit_db": refine.fit(decoder, predictor, probe, feats, f0t).tolist()}
    atomic_write(os.path.join(args.package, "reference", "encoder_pairs.json"), json.dumps(pairs))

    params = sum(p.numel() for p in model.parameters())
    manifest["encoder"] = {
        "file": "encoder.onnx",
        "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(),
        "opset": OPSET,
        "parameters": params,
        "inputs": [{"name": "features", "shape": ["batch", enc.FRAMES, enc.BANDS]}, {"name": "f0_hz", "shape": ["batch", 1]}],
        "outputs": [{"name": "z", "shape": ["batch", codes.shape[1]]}],
        "features": {
            "sampleRate": enc.SR, "fftSize": enc.N_FFT, "hop": enc.HOP, "frames": enc.FRAMES, "bands": enc.BANDS,
            "lowHz": enc.LOW_HZ, "highHz": enc.HIGH_HZ, "bandEdgesHz": enc.band_edges_hz().round(6).tolist(),
            "noiseToBands": [[float(f"{v:.6e}") for v in row] for row in enc.noise_to_bands()],
            "rangeDb": enc.RANGE_DB, "window": "periodic hann", "power": "|X|^2 / (fftSize/2 * sum(w^2))",
            "db": "10*log10(power + 1e-10)",
        },
        "fit": {"velocity": enc.IMPORT_VELOCITY, "refineStep": refine.STEP, "refinePull": refine.PULL,
                "refineEvaluations": refine.MAX_EVALUATIONS,
                "refineMinNotes": refine.MIN_NOTES},
        "decoderSha256": manifest["decoder"]["sha256"],
        "training": {"steps": ckpt["step"], "soundfont": "FluidR3_GM.sf2"},
        "notes": "models/pipeline/encoder.py specifies the features; refine.py the search",
    }
    atomic_write(os.path.join(args.package, "manifest.json"), json.dumps(manifest, indent=1))
    print(f"exported {path} ({os.path.getsize(path)} bytes, {params} parameters)")


if __name__ == "__main__":
    main()

"""Export a trained checkpoint as the model package the C# runtime loads.

    python3 models/pipeline/export.py --run models/.runs/hpn-v1 --out models/hpn-v1
    python3 models/pipeline/export.py --run models/.runs/hpn-v2 --out models/hpn-v2 --name hpn-v2

A v2 checkpoint (train_frames.py) exports formatVersion 2: its decoder also outputs the
sub-partials, the partial stretch and the vibrato/tremolo controls (docs/SYNTH.md), and handles
time past its training notes itself (no maxOnsetSeconds).

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
import model_v2  # noqa: E402
import render_dataset  # noqa: E402

INPUTS = ["z", "f0_hz", "velocity", "time_since_onset", "time_since_release"]
OUTPUTS = ["harmonic_amplitudes", "noise_gains"]
OUTPUTS_V2 = OUTPUTS + ["sub_amplitudes", "stretch", "modulation"]
OUTPUT_WIDTHS = {"harmonic_amplitudes": hpn_synth.HARMONICS, "noise_gains": hpn_synth.NOISE_BANDS,
                 "sub_amplitudes": model_v2.SUBS, "stretch": 1, "modulation": 3, "transient": hpn_synth.NOISE_BANDS + 1,
                 "layer": model_v2.LAYER_OUTPUTS}
OPSET = 17
VERSION = "1.0.0"


def atomic_write(path, data, mode="w"):
    tmp = path + ".tmp"
    with open(tmp, mode) as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def is_v2(ckpt):
    return ckpt.get("kind") == "hpn-v2"


def load(run):
    ckpt = torch.load(os.path.join(run, "checkpoint.pt"))
    programs = ckpt["programs"]
    if is_v2(ckpt):
        model = model_v2.TimbreModelV2(len(programs), config=ckpt["config"])
    else:
        model = model_lib.TimbreModel(len(programs), config=ckpt.get("config", model_lib.V1_CONFIG))
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model, programs, ckpt


def export_onnx(decoder, path, outputs=OUTPUTS):
    b = 3
    example = (torch.zeros(b, model_lib.LATENT), torch.full((b, 1), 261.6), torch.full((b, 1), 0.7),
               torch.full((b, 1), 0.2), torch.full((b, 1), -1.0))
    tmp = path + ".tmp"
    torch.onnx.export(decoder, example, tmp, input_names=INPUTS, output_names=outputs, opset_version=OPSET,
                      dynamic_axes={n: {0: "batch"} for n in INPUTS + outputs}, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(tmp))
    os.replace(tmp, path)


def decoder_pairs(decoder, codes, outputs=OUTPUTS, count=24, seed=5):
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, codes.shape[0], count)
    mix = rng.random((count, 1))
    z = (codes[idx] * mix + codes[(idx + 1) % codes.shape[0]] * (1 - mix)).astype(np.float32)
    f0 = (440.0 * 2 ** ((rng.integers(24, 100, (count, 1)) - 69) / 12)).astype(np.float32)
    vel = rng.random((count, 1)).astype(np.float32)
    t_on = (rng.random((count, 1)) * 4).astype(np.float32)
    t_rel = np.where(t_on > 3, t_on - 3, -1.0).astype(np.float32)
    if len(outputs) > 2:  # v2 handles time past its training notes: pairs reach 20 s after onset and 5 s after release
        t_on = (rng.random((count, 1)) * 20).astype(np.float32)
        t_rel = np.where(rng.random((count, 1)) < 0.5, np.minimum(rng.random((count, 1)) * 5, t_on), -1.0).astype(np.float32)
    with torch.no_grad():
        values = decoder(*(torch.tensor(a) for a in (z, f0, vel, t_on, t_rel)))
    return {"inputs": {"z": z.tolist(), "f0_hz": f0.tolist(), "velocity": vel.tolist(),
                       "time_since_onset": t_on.tolist(), "time_since_release": t_rel.tolist()},
            "outputs": {name: v.numpy().tolist() for name, v in zip(outputs, values)}}


def decoder_cost(decoder):
    params = sum(p.numel() for p in decoder.parameters())
    macs = sum(m.in_features * m.out_features for m in decoder.modules() if isinstance(m, torch.nn.Linear))
    return params, 2 * macs / 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default="hpn-v1")
    ap.add_argument("--version", default=VERSION, help="the package's version (a retrained or fine-tuned model gets a new one)")
    args = ap.parse_args()
    os.makedirs(os.path.join(args.out, "reference"), exist_ok=True)
    model, programs, ckpt = load(args.run)
    v2 = is_v2(ckpt)
    outputs = OUTPUTS_V2 if v2 else OUTPUTS
    if v2 and model.decoder.transient:
        outputs = outputs + ["transient"]
    if v2 and model.decoder.detuned_layer:
        outputs = outputs + ["layer"]
    onnx_path = os.path.join(args.out, "decoder.onnx")
    export_onnx(model.decoder, onnx_path, outputs)
    codes = model.codes.weight.detach().numpy()
    pairs = decoder_pairs(model.decoder, codes, outputs)
    atomic_write(os.path.join(args.out, "reference", "decoder_pairs.json"), json.dumps(pairs))
    params, mflops = decoder_cost(model.decoder)
    digest = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
    tensor = lambda name, width: {"name": name, "shape": ["batch", width]}  # noqa: E731
    decoder_entry = {
        "file": "decoder.onnx", "sha256": digest, "opset": OPSET,
        "parameters": params, "mflopsPerVoiceFrame": round(mflops, 4),
        "inputs": [tensor("z", model_lib.LATENT)] + [tensor(n, 1) for n in INPUTS[1:]],
        "outputs": [tensor(n, OUTPUT_WIDTHS[n]) for n in outputs],
    }
    if v2:
        decoder_entry.update(heldFeatureSeconds=model_v2.HELD_FEATURE_S, releaseFeatureSeconds=model_v2.RELEASE_FEATURE_S,
                             architecture={"kind": "hpn-v2", "latent": model_v2.LATENT, **model.config},
                             notes="time_since_release < 0 while the key is held; velocity in 0..1; f0 in Hz; times "
                                   "unclamped (past heldFeatureSeconds/releaseFeatureSeconds levels fall at learned rates); "
                                   "modulation = vibrato rate Hz, vibrato depth cents, tremolo fraction"
                                   + ("; transient = onset burst band gains, then decay tau s (read at a note's first frame)"
                                      if model.decoder.transient else "")
                                   + ("; layer = detuned layer's detune cents and gain (docs/SYNTH.md)"
                                      if model.decoder.detuned_layer else ""))
    else:
        decoder_entry.update(maxOnsetSeconds=model_lib.MAX_ONSET_S, architecture={"latent": model_lib.LATENT, **model.config},
                             notes="time_since_release < 0 while the key is held; velocity in 0..1; f0 in Hz")
    synth = {
        "harmonics": hpn_synth.HARMONICS, "noiseBands": hpn_synth.NOISE_BANDS,
        "noiseLowHz": hpn_synth.NOISE_LOW_HZ, "noiseHighHz": hpn_synth.NOISE_HIGH_HZ,
        "aliasFade": hpn_synth.ALIAS_FADE, "noiseSeed": hpn_synth.NOISE_SEED,
    }
    if v2:
        synth["subPartials"] = model_v2.SUBS
    manifest = {
        "format": "nsynthbox-model",
        "formatVersion": 2 if v2 else 1,
        "name": args.name,
        "version": args.version,
        "sampleRate": 48000,
        "frameRate": hpn_synth.FRAME_RATE,
        "latentSize": model_lib.LATENT,
        "decoder": decoder_entry,
        "synth": synth,
        "instruments": [
            {"index": i, "program": p, "name": gm.GM_NAMES[p], "family": gm.family_of(p),
             "range": list(gm.pitch_range(p)), "code": [round(float(c), 6) for c in codes[i]]}
            for i, p in enumerate(programs)
        ],
        "training": {"steps": ckpt["step"], "args": ckpt["args"], "soundfont": "FluidR3_GM.sf2",
                     "method": "frame-level targets (train_frames.py)" if v2 else "audio-domain spectral loss (train.py)"},
    }
    data = ckpt["args"].get("data")
    if v2 and data:  # which note set each data folder held (render_dataset.py --notes), for the card's commands
        manifest["training"]["noteSets"] = [render_dataset.read_layout(d)["notes"] for d in ([data] if isinstance(data, str) else data)]
    init = ckpt["args"].get("init")
    if v2 and init and os.path.exists(os.path.join(init, "manifest.json")):
        # The package it was fine-tuned from, in case that one never reaches git (make_card_v2.unshipped_steps).
        with open(os.path.join(init, "manifest.json")) as f:
            parent = json.load(f)
        manifest["training"]["parent"] = {"version": parent["version"], "training": parent["training"]}
    atomic_write(os.path.join(args.out, "manifest.json"), json.dumps(manifest, indent=1))
    print(f"exported {onnx_path} ({os.path.getsize(onnx_path)} bytes, {params} parameters, "
          f"{mflops:.3f} MFLOP per voice-frame), {len(programs)} instruments")


if __name__ == "__main__":
    main()

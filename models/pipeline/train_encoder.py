"""Train the sound encoder against a model package's frozen decoder.

    python3 models/pipeline/train_encoder.py --package models/hpn-v1 --data models/.data --run models/.runs/encoder-hpn-v1
    python3 models/pipeline/train_encoder.py --package models/hpn-v2 --data /work/data/v2 --run models/.runs/encoder-hpn-v2

For a training note of an instrument, the code the encoder gives must decode (as predicted band
powers, see encoder.py) to that note and to another note of the same instrument at another
pitch and velocity; a small pull towards the instrument's own code keeps codes where the decoder
was trained. Only notes held at least as long as the features reach (3 s) are used: the
prediction is of a held key, and a shorter hold would put its release in the features (v2's data
holds notes 0.5, 1.5, 3 or 8 s; v1's all 3 s). A v1 package takes a few minutes on 2 CPU cores,
a v2 package's decoder (1.2 MFLOP per frame against 0.2) several times that; checkpointed like
train.py (RUN/encoder.pt), so the same command resumes. export_encoder.py adds the result to the package.
"""
import argparse
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
import encoder as enc  # noqa: E402
import package  # noqa: E402
from train import NoteSet  # noqa: E402



MIN_HOLD_S = enc.FRAMES * enc.HOP / enc.SR


def held_long_enough(data, notes):
    """The notes whose key is held for the whole span of the features (a NoteSet without per-note holds holds them all alike)."""
    return [n for n in notes if n.get("hold_s", data.hold_s) >= MIN_HOLD_S]


def features_for(data, rows, cache):
    if os.path.exists(cache):
        feats = np.load(cache)
        if len(feats) == len(rows):
            return feats
    span = (enc.FRAMES - 1) * enc.HOP + enc.N_FFT  # read only what the features cover: v2's notes are 11 s long
    feats = np.stack([enc.note_features(data.audio[n["row"], :span].astype(np.float64) / 32768.0) for n in rows]).astype(np.float32)
    np.save(cache + ".tmp.npy", feats)
    os.replace(cache + ".tmp.npy", cache)
    return feats


def f0_of(pitch):
    return 440.0 * 2 ** ((np.asarray(pitch, dtype=np.float64) - 69) / 12)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--extra-data", nargs="*", default=[],
                    help="note sets rendered from other soundfonts: more instruments to learn from, with no code of their own")
    ap.add_argument("--init", default=None, help="start from this encoder checkpoint (fine-tuning)")
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--save-every", type=int, default=50)
    ap.add_argument("--frame-stride", type=int, default=1,
                    help="fit every n-th analysis frame per step (from a random first one): n times cheaper, for v2's larger decoder")
    ap.add_argument("--code-pull", type=float, default=0.5, help="pull of a training note's code towards its instrument's own code")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.run, exist_ok=True)
    device = torch.device(args.device)
    decoder, codes, manifest = package.load_package(args.package)
    decoder, codes = decoder.to(device), codes.to(device)
    index_of_program = {i["program"]: i["index"] for i in manifest["instruments"]}
    data = NoteSet(args.data)
    rows = [dict(n, instrument=("main", n["program"]), has_code=True) for n in held_long_enough(data, data.notes)
            if n["program"] in index_of_program]
    if not rows:
        sys.exit(f"{args.data}: no notes of the package's instruments held {MIN_HOLD_S:g} s or longer (the features cover "
                 f"{MIN_HOLD_S:g} s of a held key): render the data with such holds")
    feats = [features_for(data, rows, os.path.join(args.run, "features.npy"))]
    for k, extra_dir in enumerate(args.extra_data):
        extra = NoteSet(extra_dir)
        extra_rows = [dict(n, instrument=(extra_dir, n["program"]), has_code=False) for n in held_long_enough(extra, extra.notes)]
        feats.append(features_for(extra, extra_rows, os.path.join(args.run, f"features-extra{k}.npy")))
        rows += extra_rows
    feats = np.concatenate(feats)
    train = [i for i, n in enumerate(rows) if n["split"] == "train"]
    by_program = {}
    for i in train:
        by_program.setdefault(rows[i]["instrument"], []).append(i)
    test = [i for i, n in enumerate(rows) if n["split"] == "test" and n["has_code"]]
    # Each training note's instrument as a row of a padded table: drawing a same-instrument target is one lookup.
    instruments = sorted(by_program, key=str)
    member_count = np.array([len(by_program[k]) for k in instruments])
    members = np.zeros((len(instruments), member_count.max()), dtype=np.int64)
    for g, k in enumerate(instruments):
        members[g, :member_count[g]] = by_program[k]
    group_index = {k: g for g, k in enumerate(instruments)}
    group_of = np.array([group_index.get(n["instrument"], -1) for n in rows])

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    model = enc.Encoder(codes.shape[1], hidden=args.hidden).to(device)
    predictor = enc.BandPredictor().to(device)
    feats_all = torch.tensor(feats, device=device)
    pitch_of = torch.tensor(f0_of([n["pitch"] for n in rows]), dtype=torch.float32, device=device)[:, None]
    velocity_of = torch.tensor([n["velocity"] / 127 for n in rows], dtype=torch.float32, device=device)[:, None]
    own_of = torch.tensor([index_of_program.get(n["program"], 0) for n in rows], device=device)
    has_code_of = torch.tensor([n["has_code"] for n in rows], dtype=torch.float32, device=device)[:, None]
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    path = os.path.join(args.run, "encoder.pt")
    step = 0
    if args.init and not os.path.exists(path):
        model.load_state_dict(torch.load(args.init, map_location=device)["model"])
    if os.path.exists(path):
        ckpt = torch.load(path, map_location=device)
        if ckpt["decoder_sha256"] != manifest["decoder"]["sha256"]:
            sys.exit(f"{path}: trained against decoder {ckpt['decoder_sha256'][:12]}, {args.package}'s is "
                     f"{manifest['decoder']['sha256'][:12]}: use another --run (and --init {path} to start from it)")
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        step = ckpt["step"]
        rng = np.random.default_rng(args.seed + step)
        print(f"resumed at step {step}", flush=True)
    col = lambda a: torch.tensor(np.asarray(a, dtype=np.float32), device=device)[:, None]  # noqa: E731
    started = time.time()
    while step < args.steps:
        for g in opt.param_groups:
            g["lr"] = args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * step / args.steps)))
        src = rng.choice(train, args.batch)
        group = group_of[src]
        tgt = members[group, (rng.random(len(src)) * member_count[group]).astype(int)]
        both = torch.tensor(np.concatenate([src, tgt]), device=device)
        src_t = both[:len(src)]
        z = model(feats_all[src_t], pitch_of[src_t])
        frames = np.arange(int(rng.integers(args.frame_stride)) if args.frame_stride > 1 else 0, enc.FRAMES, args.frame_stride)
        fit = enc.fit_distance(enc.decode_bands(decoder, predictor, torch.cat([z, z]), pitch_of[both], velocity_of[both], frames),
                               feats_all[both][:, frames]).mean()
        has_code = has_code_of[src_t]
        own = codes[own_of[src_t]]
        pull = (((z - own) ** 2) * has_code).sum() / (has_code.sum() * z.shape[1]).clamp(min=1.0)
        loss = fit + args.code_pull * pull
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % args.save_every == 0 or step == args.steps:
            print(f"step {step} fit {fit.item():.3f} dB pull {pull.item():.4f} {time.time() - started:.0f}s", flush=True)
            torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step,
                        "decoder_sha256": manifest["decoder"]["sha256"]}, path + ".tmp")
            os.replace(path + ".tmp", path)

    # Held-out notes: the encoder's code vs the instrument's own code, decoded at the note itself.
    model.eval()
    with torch.no_grad():
        pick = test[::7]
        x = feats_all[torch.tensor(pick, device=device)]
        f0 = col(f0_of([rows[i]["pitch"] for i in pick]))
        vel = col([rows[i]["velocity"] / 127 for i in pick])
        z = model(x, f0)
        own = codes[[index_of_program[rows[i]["program"]] for i in pick]]
        d_enc = enc.fit_distance(enc.decode_bands(decoder, predictor, z, f0, vel), x).mean().item()
        d_own = enc.fit_distance(enc.decode_bands(decoder, predictor, own, f0, vel), x).mean().item()
    print(f"held-out notes ({len(pick)}): fit with encoder code {d_enc:.2f} dB, with the instrument's own code {d_own:.2f} dB")


if __name__ == "__main__":
    main()

"""Train the sound encoder against a model package's frozen decoder.

    python3 models/pipeline/train_encoder.py --package models/hpn-v1 --data models/.data --run models/.runs/encoder-hpn-v1

For a training note of an instrument, the code the encoder gives must decode (as predicted band
powers, see encoder.py) to that note and to another note of the same instrument at another
pitch and velocity; a small pull towards the instrument's own code keeps codes where the decoder
was trained. Takes a few minutes on 2 CPU cores; checkpointed like train.py (RUN/encoder.pt),
so the same command resumes. export_encoder.py adds the result to the package.
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

CODE_PULL = 0.5


def features_for(data, rows, cache):
    if os.path.exists(cache):
        return np.load(cache)
    feats = np.stack([enc.note_features(data.audio[n["row"]].astype(np.float64) / 32768.0) for n in rows]).astype(np.float32)
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
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.run, exist_ok=True)
    decoder, codes, manifest = package.load_package(args.package)
    index_of_program = {i["program"]: i["index"] for i in manifest["instruments"]}
    data = NoteSet(args.data)
    rows = [dict(n, instrument=("main", n["program"]), has_code=True) for n in data.notes if n["program"] in index_of_program]
    feats = [features_for(data, rows, os.path.join(args.run, "features.npy"))]
    for k, extra_dir in enumerate(args.extra_data):
        extra = NoteSet(extra_dir)
        extra_rows = [dict(n, instrument=(extra_dir, n["program"]), has_code=False) for n in extra.notes]
        feats.append(features_for(extra, extra_rows, os.path.join(args.run, f"features-extra{k}.npy")))
        rows += extra_rows
    feats = np.concatenate(feats)
    train = [i for i, n in enumerate(rows) if n["split"] == "train"]
    by_program = {}
    for i in train:
        by_program.setdefault(rows[i]["instrument"], []).append(i)
    test = [i for i, n in enumerate(rows) if n["split"] == "test" and n["has_code"]]

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    model = enc.Encoder(codes.shape[1])
    predictor = enc.BandPredictor()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    path = os.path.join(args.run, "encoder.pt")
    step = 0
    if args.init and not os.path.exists(path):
        model.load_state_dict(torch.load(args.init)["model"])
    if os.path.exists(path):
        ckpt = torch.load(path)
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        step = ckpt["step"]
        rng = np.random.default_rng(args.seed + step)
    col = lambda a: torch.tensor(np.asarray(a, dtype=np.float32))[:, None]  # noqa: E731
    started = time.time()
    while step < args.steps:
        for g in opt.param_groups:
            g["lr"] = args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * step / args.steps)))
        src = rng.choice(train, args.batch)
        tgt = np.array([rng.choice(by_program[rows[i]["instrument"]]) for i in src])
        x = torch.tensor(feats[src])
        f0_src = col(f0_of([rows[i]["pitch"] for i in src]))
        z = model(x, f0_src)
        z_tgt = torch.cat([z, z])
        f0 = torch.cat([f0_src, col(f0_of([rows[i]["pitch"] for i in tgt]))])
        vel = col([rows[i]["velocity"] / 127 for i in np.concatenate([src, tgt])])
        real = torch.tensor(feats[np.concatenate([src, tgt])])
        fit = enc.fit_distance(enc.decode_bands(decoder, predictor, z_tgt, f0, vel), real).mean()
        has_code = torch.tensor([rows[i]["has_code"] for i in src], dtype=torch.float32)[:, None]
        own = codes[[index_of_program.get(rows[i]["program"], 0) for i in src]]
        pull = (((z - own) ** 2) * has_code).sum() / (has_code.sum() * z.shape[1]).clamp(min=1.0)
        loss = fit + CODE_PULL * pull
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 50 == 0 or step == args.steps:
            print(f"step {step} fit {fit.item():.3f} dB pull {pull.item():.4f} {time.time() - started:.0f}s", flush=True)
            torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step,
                        "decoder_sha256": manifest["decoder"]["sha256"]}, path + ".tmp")
            os.replace(path + ".tmp", path)

    # Held-out notes: the encoder's code vs the instrument's own code, decoded at the note itself.
    model.eval()
    with torch.no_grad():
        pick = test[::7]
        x = torch.tensor(feats[pick])
        f0 = col(f0_of([rows[i]["pitch"] for i in pick]))
        vel = col([rows[i]["velocity"] / 127 for i in pick])
        z = model(x, f0)
        own = codes[[index_of_program[rows[i]["program"]] for i in pick]]
        d_enc = enc.fit_distance(enc.decode_bands(decoder, predictor, z, f0, vel), x).mean().item()
        d_own = enc.fit_distance(enc.decode_bands(decoder, predictor, own, f0, vel), x).mean().item()
    print(f"held-out notes ({len(pick)}): fit with encoder code {d_enc:.2f} dB, with the instrument's own code {d_own:.2f} dB")


if __name__ == "__main__":
    main()

"""Train the timbre model on the rendered note set (CPU by default, CUDA when present).

    python3 models/pipeline/train.py --data models/.data --run models/.runs/hpn-v1 --steps 6000

Checkpoints go to RUN/checkpoint.pt every --save-every steps (written atomically); running the
same command again resumes from the last checkpoint. The loss is a multi-scale spectral
distance between the rendered audio (through the differentiable harmonic-plus-noise synth)
and the soundfont's own notes.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
import hpn_synth  # noqa: E402
import model as model_lib  # noqa: E402

FFT_SIZES = (4096, 2048, 1024, 512, 256, 128)


class NoteSet:
    def __init__(self, data_dir):
        with open(os.path.join(data_dir, "notes.json")) as f:
            self.meta = json.load(f)
        self.notes = self.meta["notes"]
        self.sr = self.meta["sample_rate"]
        self.data_dir = data_dir
        self._audio = None
        self.programs = sorted({n["program"] for n in self.notes})
        self.index_of_program = {p: i for i, p in enumerate(self.programs)}
        self.hold_s = self.meta["hold_s"]

    @property
    def audio(self):
        """[notes, samples] int16, opened on first use: a stage that reads cached features
        (train_encoder.py) runs without the audio file."""
        if self._audio is None:
            self._audio = np.memmap(os.path.join(self.data_dir, "notes.int16"), dtype=np.int16, mode="r").reshape(
                len(self.notes), self.meta["note_samples"])
        return self._audio

    def rows(self, split):
        return [n for n in self.notes if n["split"] == split]


def multiscale_spectral_loss(pred, target):
    loss = 0.0
    for size in FFT_SIZES:
        window = torch.hann_window(size)
        sp = torch.stft(pred, size, size // 4, window=window, return_complex=True).abs()
        st = torch.stft(target, size, size // 4, window=window, return_complex=True).abs()
        loss = loss + (sp - st).abs().mean() / (st.abs().mean() + 1e-5)
        loss = loss + (torch.log(sp + 1e-5) - torch.log(st + 1e-5)).abs().mean()
    return loss / len(FFT_SIZES)


def log_line(log, line):
    """Print a progress line and append it to the run's train.log."""
    print(line, flush=True)
    log.write(line + "\n")
    log.flush()


def save_checkpoint(path, payload):
    """Write the checkpoint atomically: a stopped run never leaves half a file to resume from."""
    torch.save(payload, path + ".tmp")
    os.replace(path + ".tmp", path)


def conditioning(notes, start_frames, frames, hold_s, note_set):
    """Per-frame decoder inputs for crops: returns (program index, f0, velocity, t_on, t_rel), each [B*(F+1), 1]."""
    idx, f0, vel, t_on, t_rel = [], [], [], [], []
    for note, start in zip(notes, start_frames):
        t = (start + np.arange(frames + 1)) / hpn_synth.FRAME_RATE
        idx.append(np.full(frames + 1, note_set.index_of_program[note["program"]]))
        f0.append(np.full(frames + 1, 440.0 * 2 ** ((note["pitch"] - 69) / 12)))
        vel.append(np.full(frames + 1, note["velocity"] / 127.0))
        t_on.append(t)
        t_rel.append(np.where(t >= hold_s, t - hold_s, -1.0))
    col = lambda xs: torch.tensor(np.concatenate(xs), dtype=torch.float32)[:, None]  # noqa: E731
    return torch.tensor(np.concatenate(idx)), col(f0), col(vel), col(t_on), col(t_rel)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--steps", type=int, default=6000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--frames", type=int, default=80, help="crop length in control frames")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--save-every", type=int, default=100)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hidden", type=int, default=model_lib.DEFAULT_CONFIG["hidden"])
    ap.add_argument("--periodic-hz", type=float, nargs="*", default=model_lib.DEFAULT_CONFIG["periodic_hz"],
                    help="rates of the sine/cosine time features (none: the v1 decoder)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.run, exist_ok=True)

    data = NoteSet(args.data)
    sr, hop = data.sr, data.sr // hpn_synth.FRAME_RATE
    train = data.rows("train")
    total_frames = data.meta["note_samples"] // hop
    rng = np.random.default_rng(args.seed)
    torch.manual_seed(args.seed)

    config = {"hidden": args.hidden, "periodic_hz": list(args.periodic_hz)}
    ckpt_path = os.path.join(args.run, "checkpoint.pt")
    if os.path.exists(ckpt_path):  # a resumed run keeps the architecture it started with
        config = torch.load(ckpt_path).get("config", model_lib.V1_CONFIG)
    model = model_lib.TimbreModel(len(data.programs), config=config)
    opt = torch.optim.Adam([
        {"params": model.decoder.parameters(), "lr": args.lr},
        {"params": model.codes.parameters(), "lr": args.lr * 2.5},
    ])
    step = 0
    if os.path.exists(ckpt_path):
        ckpt = torch.load(ckpt_path)
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        step = ckpt["step"]
        rng = np.random.default_rng(args.seed + step)
        print(f"resumed at step {step}", flush=True)

    bank_full = torch.tensor(hpn_synth.noise_bank(10 * sr, sr, seed=hpn_synth.NOISE_SEED + 1), dtype=torch.float32)
    n = args.frames * hop
    log = open(os.path.join(args.run, "train.log"), "a")
    started = time.time()
    while step < args.steps:
        lr_scale = 0.5 * (1 + math.cos(math.pi * step / args.steps)) * 0.95 + 0.05
        for g, base in zip(opt.param_groups, (args.lr, args.lr * 2.5)):
            g["lr"] = base * lr_scale
        picks = rng.integers(0, len(train), args.batch)
        notes = [train[i] for i in picks]
        starts = np.where(rng.random(args.batch) < 0.3, 0, rng.integers(0, total_frames - args.frames, args.batch))
        target = np.stack([data.audio[nt["row"], s * hop: s * hop + n] for nt, s in zip(notes, starts)])
        target = torch.tensor(target.astype(np.float32) / 32768.0)
        idx, f0, vel, t_on, t_rel = conditioning(notes, starts, args.frames, data.hold_s, data)
        z = model.codes(idx)
        z = z + 0.05 * torch.randn_like(z)  # a neighbourhood of each code decodes alike: smooth blends
        harm, noise = model.decoder(z, f0, vel, t_on, t_rel)
        harm = harm.view(args.batch, args.frames + 1, -1)
        noise = noise.view(args.batch, args.frames + 1, -1)
        offsets = rng.integers(0, bank_full.shape[0] - n, args.batch)
        bank = torch.stack([bank_full[o:o + n] for o in offsets])
        f0_items = f0.view(args.batch, args.frames + 1)[:, 0]
        audio = hpn_synth.torch_render(f0_items, harm, noise, bank, sr, torch.tensor(rng.random(args.batch)))
        loss = multiscale_spectral_loss(audio, target)
        loss_total = loss + 1e-3 * (model.codes.weight ** 2).mean()
        opt.zero_grad()
        loss_total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 10 == 0:
            log_line(log, f"step {step} loss {loss.item():.4f} lr {opt.param_groups[0]['lr']:.2e} {time.time() - started:.0f}s")
        if step % args.save_every == 0 or step == args.steps:
            save_checkpoint(ckpt_path, {"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step,
                                        "programs": data.programs, "args": vars(args), "config": config})
    print("done", flush=True)


if __name__ == "__main__":
    main()

"""Train model v2 frame by frame against the analysed targets (analysis.py, analyze_dataset.py).

    python3 models/pipeline/train_frames.py --data models/.data-v2 --run models/.runs/hpn-v2 --steps 30000

No audio is rendered: each step decodes a batch of random (instrument, pitch, velocity, time)
frames and compares every control with the analysis of the real note at that frame: harmonic,
sub-partial and noise levels in dB (below a floor 70 dB under the frame's loudest partial nothing
counts, as the ear would not hear it), the partial stretch, vibrato rate and depth and tremolo; on a note's first 50 ms, the
onset transient (transient.py: band gains in dB, decay tau) when the model has that head, and the
detuned layer (analysis.detuned_layer: detune and gain per note) when it has that one (--detuned-layer).
Held-out notes (the pitches and the velocity that render_dataset.py holds out) are never trained
on; their loss is logged every --eval-every steps.

Checkpoints go to RUN/checkpoint.pt every --save-every steps (written atomically); running the
same command again resumes from the last checkpoint (--steps may be raised to train on).

    python3 models/pipeline/train_frames.py --data models/.data-v2 --run models/.runs/hpn-v2-ft --init models/hpn-v2 --steps 3000 --lr 3e-4

fine-tunes an exported package on new targets (after a change to analysis.py): a new run that starts
from the package's decoder and codes. --data may be given more than once (a grid folder and a fill
folder of render_dataset.py, or another soundfont's notes): the frames of every folder train together.
"""
import argparse
import glob
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
import analysis  # noqa: E402
import hpn_synth  # noqa: E402
import model_v2  # noqa: E402
import render_dataset  # noqa: E402
from train import log_line, save_checkpoint  # noqa: E402

FLOOR_BELOW_PEAK_DB = 70.0
LAYER_OFF_MARGIN = 0.05
NOISE_FLOOR_BELOW_PEAK_DB = 80.0
ABSOLUTE_FLOOR_DB = -100.0
ONSET_S = 0.05
RISE_S = 0.4  # a bowed or sung note rises for 100-250 ms
RELEASE_ONSET_S = 0.05  # a clarinet's or organ's release is over in 15 ms
TRANSIENT_RANGE_DB = 40.0
SPIKE_REACH_DB = 60.0  # evaluate_v2.spikes' reach: a lone partial further under the loudest is not heard as one
SPIKE_MARGIN_DB = 6.0


def split_of(pitch, velocity, hold_out):
    """'train' or 'test'. "pitch-and-velocity" is the dataset's own split (every 4th grid pitch and
    velocity 70 held out); "velocity" trains on every grid pitch and holds out velocity 70 alone, the
    held-out pitches then being those the 3-semitone grid skips (evaluate_v2.py renders them itself).
    Holding out grid pitches leaves 6-semitone gaps: FluidR3's cello has a sample zone at C#4-D#4
    12 dB brighter than C4's, seen in training only at D#4, and its flute a resonance on harmonic 6
    at C4-D4 that is gone by F#4."""
    if hold_out == "velocity":
        return "test" if velocity == render_dataset.HELD_OUT_VELOCITY else "train"
    return render_dataset.split_of(pitch, velocity)


class FrameSet:
    """Every analysed frame of one split as flat arrays (inputs and targets), from one data folder or several."""

    def __init__(self, data_dirs, split, programs=None, hold_out="pitch-and-velocity"):
        data_dirs = [data_dirs] if isinstance(data_dirs, str) else list(data_dirs)
        files = []
        for data_dir in data_dirs:
            found = sorted(glob.glob(os.path.join(data_dir, "targets", "program*.npz")))
            if programs is not None:
                found = [f for f in found if int(os.path.basename(f)[7:10]) in programs]
            if not found:
                sys.exit(f"train_frames.py: no analysed programs in {data_dir}/targets (run analyze_dataset.py first)")
            files += found
        self.programs = sorted({int(os.path.basename(f)[7:10]) for f in files})
        transient_db, transient_tau, layer, notes_before = [], [], [], 0
        cols = {k: [] for k in ("program", "pitch", "velocity", "t_on", "t_rel", "harm_db", "sub_db", "noise_db",
                                "stretch", "rate", "depth", "tremolo", "note")}
        for f in files:
            with np.load(f) as npz:
                d = {k: npz[k] for k in npz.files}  # each npz[k] access decompresses the whole array again
            p = int(os.path.basename(f)[7:10])
            keep_note = np.array([split_of(int(pi), int(v), hold_out) == split
                                  for pi, v in zip(d["pitch"], d["velocity"])], dtype=bool)
            note = np.full(len(d["frames"]), -1)
            for j in np.flatnonzero(keep_note):
                note[int(d["offset"][j]):int(d["offset"][j]) + int(d["count"][j])] = j
            rows = np.flatnonzero(note >= 0)
            note = note[rows]
            t = d["frames"][rows] / hpn_synth.FRAME_RATE
            hold = d["hold_s"][note].astype(np.float64)
            cols["program"].append(np.full(len(rows), self.programs.index(p), dtype=np.int16))
            cols["pitch"].append(d["pitch"][note])
            cols["velocity"].append(d["velocity"][note])
            cols["t_on"].append(t.astype(np.float32))
            cols["t_rel"].append(np.where(t >= hold, t - hold, -1.0).astype(np.float32))
            for k in ("harm_db", "sub_db", "noise_db"):
                cols[k].append(d[k][rows])  # a copy (fancy indexing): the program's arrays are freed
            cols["stretch"].append(d["stretch"][note])
            cols["rate"].append(d["vib_rate"][note])
            cols["depth"].append(d["vib_depth"][rows])
            cols["tremolo"].append(d["tremolo"][rows])
            cols["note"].append((notes_before + note).astype(np.int32))
            if "transient_db" in d:
                transient_db.append(d["transient_db"])
                transient_tau.append(d["transient_tau"])
            if "layer_gain" in d:
                layer.append(np.stack([d["layer_cents"], d["layer_gain"]], axis=1))
            notes_before += len(d["pitch"])
        self.cols = {k: np.concatenate(v) for k, v in cols.items()}
        # Per note (indexed by cols["note"]); None where the targets predate transient.py.
        self.transient_db = np.concatenate(transient_db) if len(transient_db) == len(files) else None
        self.transient_tau = np.concatenate(transient_tau) if len(transient_tau) == len(files) else None
        self.layer = np.concatenate(layer) if len(layer) == len(files) else None  # [notes, (cents, gain)], NaN: not read
        self.index_rows()

    def index_rows(self):
        """The rows that draw() can ask for more of, from cols' t_on and t_rel."""
        self.size = len(self.cols["t_on"])
        self.onset_rows = np.flatnonzero(self.cols["t_on"] < ONSET_S)
        self.rise_rows = np.flatnonzero((self.cols["t_on"] >= ONSET_S) & (self.cols["t_on"] < RISE_S))
        # Held frames past the time features' end: only they train the hold slope (model_v2.DecoderV2.raw).
        self.late_rows = np.flatnonzero((self.cols["t_on"] > model_v2.HELD_FEATURE_S) & (self.cols["t_rel"] < 0))
        self.release_rows = np.flatnonzero((self.cols["t_rel"] >= 0) & (self.cols["t_rel"] < RELEASE_ONSET_S))

    def draw(self, rng, size, onset_share, rise_share=0.0, late_share=0.0, release_share=0.0):
        """Random frame rows, onset_share of them from the first ONSET_S of a note: the strike is a few
        frames of each note (2 % of the rows), and a decoder that underfits them starts a piano or a
        marimba 2-3x slower than the real one. rise_share more from ONSET_S..RISE_S: underfitted, a
        violin, string ensemble or choir reached full level in ~50 ms where their targets take 95-195.
        hpn-v2 1.4.0 trained with 0.1 and the three still rise in ~52 ms (evaluate_v2), so the share
        alone does not fix it. late_share more from held frames past model_v2.HELD_FEATURE_S (6 % of the
        rows): hpn-v2 1.6.0's piano, e-piano and guitar fell there at about half their real rate. 4000 steps
        from 1.6.0 at lr 1e-4 with 0.1 left their level 7.5 s into an 8 s note +4.6/+4.9/+5.4 dB over the
        real, without it +5.4/+6.0/+5.6 (the slope is also underfit where few notes are held 8 s).
        release_share more from the first RELEASE_ONSET_S after note-off: hpn-v2 1.7.0's clarinet falls
        there 18-45 dB slower than its targets (-11/-37/-67 dB at 5/10/15 ms), a release one hop too long."""
        n_onset = int(round(size * onset_share)) if len(self.onset_rows) else 0
        n_rise = int(round(size * rise_share)) if len(self.rise_rows) else 0
        n_late = int(round(size * late_share)) if len(self.late_rows) else 0
        n_release = int(round(size * release_share)) if len(self.release_rows) else 0
        return np.concatenate([rng.integers(0, self.size, size - n_onset - n_rise - n_late - n_release),
                               self.onset_rows[rng.integers(0, len(self.onset_rows), n_onset)],
                               self.rise_rows[rng.integers(0, len(self.rise_rows), n_rise)],
                               self.late_rows[rng.integers(0, len(self.late_rows), n_late)],
                               self.release_rows[rng.integers(0, len(self.release_rows), n_release)]])

    def batch(self, idx, codes):
        c = self.cols
        col = lambda a: torch.tensor(a[idx].astype(np.float32))[:, None]  # noqa: E731
        f0 = torch.tensor(analysis.midi_hz(c["pitch"][idx].astype(np.float64)), dtype=torch.float32)[:, None]
        inputs = (codes(torch.tensor(c["program"][idx].astype(np.int64))), f0, col(c["velocity"]) / 127.0, col(c["t_on"]), col(c["t_rel"]))
        targets = {k: torch.tensor(c[k][idx].astype(np.float32)) for k in ("harm_db", "sub_db", "noise_db")}
        targets.update({k: col(c[k]) for k in ("stretch", "rate", "depth", "tremolo")})
        if self.transient_db is not None:
            note = c["note"][idx]
            targets["transient_db"] = torch.tensor(self.transient_db[note].astype(np.float32))
            targets["transient_tau"] = torch.tensor(self.transient_tau[note].astype(np.float32))[:, None]
        if self.layer is not None:
            layer = torch.tensor(self.layer[c["note"][idx]].astype(np.float32))
            targets["layer_cents"], targets["layer_gain"] = layer[:, :1], layer[:, 1:]
        return inputs, targets


def floored_distance(a_db, b_db, mask, floor):
    """Mean dB distance over mask between two sets of levels, each raised to floor first (levels
    under it are equally inaudible)."""
    d = (torch.maximum(a_db, floor) - torch.maximum(b_db, floor)).abs() * mask
    return d.sum() / mask.sum().clamp(min=1.0)


def level_floors(harm_db, audible, sub_db):
    """(floor, noise floor) per row: FLOOR_BELOW_PEAK_DB and NOISE_FLOOR_BELOW_PEAK_DB under the row's
    loudest audible harmonic or sub-partial, never under ABSOLUTE_FLOOR_DB."""
    peak = torch.maximum((harm_db + (audible - 1) * 1e3).max(dim=1, keepdim=True).values, sub_db.max(dim=1, keepdim=True).values)
    return (torch.clamp(peak - FLOOR_BELOW_PEAK_DB, min=ABSOLUTE_FLOOR_DB),
            torch.clamp(peak - NOISE_FLOOR_BELOW_PEAK_DB, min=ABSOLUTE_FLOOR_DB))


def frame_loss(decoder, inputs, targets, parts=False, spike=0.0):
    """The weighted distance of every control to its target (levels down to FLOOR_BELOW_PEAK_DB under the
    frame's loudest partial); spike weighs spike_loss."""
    r = decoder.raw(*inputs)
    to_db = 1.0 / model_v2.LN10_20
    harm_t, sub_t, noise_t = targets["harm_db"], targets["sub_db"], targets["noise_db"]
    f0 = inputs[1]
    k = decoder.harmonic_numbers[None, :]
    audible = (k * f0 * torch.sqrt(1 + targets["stretch"] * k * k) < 0.45 * analysis.SR).float()
    sub_audible = (decoder.sub_numbers[None, :] * f0 < 0.45 * analysis.SR).float()
    floor, noise_floor = level_floors(harm_t, audible, sub_t)

    harm = floored_distance(r["harm"] * to_db, harm_t, audible, floor)
    sub = floored_distance(r["sub"] * to_db, sub_t, sub_audible, floor)
    noise = floored_distance(r["noise"] * to_db, noise_t, torch.ones_like(noise_t), noise_floor)
    stretch = (torch.log(r["stretch"] + 1e-7) - torch.log(targets["stretch"] + 1e-7)).abs().mean()
    wobbles = ((targets["depth"] >= analysis.MIN_VIBRATO_CENTS) | (targets["tremolo"] > 0)).float()
    rate = ((r["rate"] - targets["rate"]).abs() * wobbles).sum() / wobbles.sum().clamp(min=1.0)
    depth = (r["depth"] - targets["depth"]).abs().mean()
    tremolo = (r["tremolo"] - targets["tremolo"]).abs().mean()
    total = harm + 0.5 * sub + 0.5 * noise + 0.5 * stretch + 0.5 * rate + 0.2 * depth + 5.0 * tremolo
    values = {"harm_db": harm, "sub_db": sub, "noise_db": noise, "log_stretch": stretch,
              "rate_hz": rate, "depth_cents": depth, "tremolo": tremolo}
    if spike or parts:
        values["spike_db"] = spike_loss(r["harm"] * to_db, harm_t, audible)
        total = total + spike * values["spike_db"]
    if "transient" in r and "transient_db" in targets:
        t_db, t_tau = transient_loss(r, targets, inputs[3])
        total = total + 0.5 * t_db + 0.2 * t_tau
        values.update(transient_db=t_db, transient_log_tau=t_tau)
    if "layer_gain" in r and "layer_gain" in targets:
        l_gain, l_cents = layer_loss(r, targets)
        total = total + 5.0 * l_gain + 0.1 * l_cents
        values.update(layer_gain=l_gain, layer_cents=l_cents)
    if parts:
        return total, {k: v.item() for k, v in values.items()}
    return total


def spike_loss(harm_db, target_db, audible):
    """dB per frame (summed over the harmonics) by which a drawn harmonic stands over the louder of its
    two neighbours more than its target does (its target's lead, at least 0, plus SPIKE_MARGIN_DB), where
    it is within SPIKE_REACH_DB of the frame's loudest drawn harmonic. The level loss stops at its
    floor, so under it a decoder may draw anything: fine-tuned from hpn-v2 1.8.0, a decoder drew the
    e-piano's odd harmonics 53-69 at C1 5-10 dB under their targets 0.5 s in (-77 dB re the loudest
    against -71) and the even ones up to 10 dB over, the gate (model_v2.PARTIAL_GATE_DB) silenced the
    odd ones, and harmonic 60 stood 20 dB over both neighbours where the real note's even harmonics
    lead by 7-10. Unclamped, the neighbours' gradient lifts them back over the gate."""
    hidden = (audible - 1.0) * 1e3  # an inaudible harmonic is never the louder neighbour
    d, t = harm_db + hidden, target_db + hidden
    lead_d = d[:, 1:-1] - torch.maximum(d[:, :-2], d[:, 2:])
    lead_t = t[:, 1:-1] - torch.maximum(t[:, :-2], t[:, 2:])
    reach = (d[:, 1:-1] > d.max(dim=1, keepdim=True).values.detach() - SPIKE_REACH_DB).float() * audible[:, 2:]
    return (torch.relu(lead_d - torch.relu(lead_t) - SPIKE_MARGIN_DB) * reach).sum(dim=1).mean()


def continuity_loss(decoder, inputs, rows=512):
    """dB between the held and the released halves of the decoder at the note-off itself: the levels
    drawn just before (t_rel = -1) and just after (t_rel = 0) releasing at the same time. Fitted on
    different notes (a pitch's v100 note may train an 8 s hold, its release after 3 s comes from its
    neighbours), the halves met 3.5 dB apart on hpn-v2 1.4.0's violin: a blip at every note-off that
    the spectrogram shows as a broadband line. Each row is released where it is (held rows) or where
    its note was (released rows); the first `rows` rows of the batch."""
    z, f0, velocity, t_on, t_rel = (x[:rows] for x in inputs)
    at = torch.where(t_rel >= 0, t_on - t_rel, t_on)
    held = decoder.raw(z, f0, velocity, at, torch.full_like(at, -1.0))
    released = decoder.raw(z, f0, velocity, at, torch.zeros_like(at))
    to_db = 1.0 / model_v2.LN10_20
    peak = (held["harm"] * to_db + (held["harm_audible"] - 1) * 1e3).max(dim=1, keepdim=True).values.detach()
    floor = peak - FLOOR_BELOW_PEAK_DB
    harm = floored_distance(held["harm"] * to_db, released["harm"] * to_db, held["harm_audible"], floor)
    noise = floored_distance(held["noise"] * to_db, released["noise"] * to_db, torch.ones_like(held["noise"]), floor)
    return harm + 0.5 * noise


def blend_loss(decoder, inputs, rows=512, generator=None):
    """dB between the decoder at a random point of the straight path between two codes and the same
    crossfade, in dB, of its levels at the two ends. Code noise makes each
    instrument's neighbourhood decode alike, which helps imported codes that land between the
    instruments, but a path between two instruments then stays on one plateau and changes all at
    once in the middle (--code-noise 0.3: interpolation max/mean step 3.04); this term pulls every path
    towards an even crossfade. Each of the batch's first `rows` rows is paired with another of them
    (mostly another instrument) at its own pitch, velocity and time. The gradient flows through the
    ends too (the frame loss holds them where the notes are): with the ends held fixed, each step
    towards their crossfade moved the ends further and the distance grew. `generator` draws the pairs
    and points (the held-out figure uses its own, so that it neither moves training's code noise nor
    changes from one evaluation to the next)."""
    z, f0, velocity, t_on, t_rel = (x[:rows] for x in inputs)
    other = z[torch.randperm(len(z), generator=generator)]
    w = torch.rand(len(z), 1, generator=generator)
    a = decoder.raw(z, f0, velocity, t_on, t_rel)
    b = decoder.raw(other, f0, velocity, t_on, t_rel)
    mid = decoder.raw((1 - w) * z + w * other, f0, velocity, t_on, t_rel)
    to_db = 1.0 / model_v2.LN10_20
    target = {k: ((1 - w) * a[k] + w * b[k]) * to_db for k in ("harm", "sub", "noise")}
    floor, noise_floor = (f.detach() for f in level_floors(target["harm"], a["harm_audible"], target["sub"]))
    harm = floored_distance(mid["harm"] * to_db, target["harm"], a["harm_audible"], floor)
    sub = floored_distance(mid["sub"] * to_db, target["sub"], torch.ones_like(target["sub"]), floor)
    noise = floored_distance(mid["noise"] * to_db, target["noise"], torch.ones_like(target["noise"]), noise_floor)
    return harm + 0.5 * sub + 0.5 * noise


def layer_loss(r, targets):
    """The detuned layer against analysis.detuned_layer on the rows of notes where it was read (NaN: too
    short to read): the gain's distance where the note has a layer, and where it has none how far the gain
    rises over -LAYER_OFF_MARGIN (the graph clamps it at 0, so anything under 0 is exactly no layer and
    costs the runtime nothing; the margin keeps code noise and blends from switching it on by a hair);
    the detune's distance in cents where the note has a layer."""
    gain_t, cents_t = targets["layer_gain"], targets["layer_cents"]
    known = torch.isfinite(gain_t).float()
    has = (torch.nan_to_num(gain_t) > 0).float()
    gain = torch.where(has > 0, (r["layer_gain"] - torch.nan_to_num(gain_t)).abs(), torch.relu(r["layer_gain"] + LAYER_OFF_MARGIN))
    gain = (gain * known).sum() / known.sum().clamp(min=1.0)
    cents = ((r["layer_cents"] - torch.nan_to_num(cents_t)).abs() * has).sum() / has.sum().clamp(min=1.0)
    return gain, cents


def transient_loss(r, targets, t_on):
    """The onset transient against transient.py's measurement, on rows in a note's first ONSET_S (the
    runtime reads it at the first frame; the neighbouring frames teach the same value): band levels in
    dB above a floor 40 dB under the burst's loudest band (or -100 dB), and log tau where there is a burst."""
    onset = (t_on < ONSET_S).float()
    target = targets["transient_db"]
    loudest = target.max(dim=1, keepdim=True).values
    floor = torch.clamp(loudest - TRANSIENT_RANGE_DB, min=ABSOLUTE_FLOOR_DB)
    pred = r["transient"] / model_v2.LN10_20
    # Where the burst is audible, the distance itself; where not, only how far the prediction rises over
    # the floor (clamping both sides gave no gradient at all to a head starting under the floor).
    d = torch.where(target > floor, (pred - target).abs(), torch.relu(pred - floor))
    level = (d.mean(dim=1, keepdim=True) * onset).sum() / onset.sum().clamp(min=1.0)
    burst = onset * (loudest > ABSOLUTE_FLOOR_DB).float()
    tau = ((torch.log(r["transient_tau"]) - torch.log(targets["transient_tau"])).abs() * burst).sum() / burst.sum().clamp(min=1.0)
    return level, tau


def load_decoder_into(source, target):
    """source's weights into target, which may have more outputs (a package from before the transient
    head: the rows source has are copied, the new rows keep target's initialisation) or more inputs
    (before the pitch or onset zones: the columns source has are copied, the new ones start at 0, so the
    decoder starts out drawing exactly what source drew)."""
    state = source.state_dict()
    own = target.state_dict()
    for name, value in state.items():
        if own[name].shape != value.shape:
            if value.dim() == 2 and own[name].shape[1] != value.shape[1]:
                own[name].zero_()
                own[name][:, :value.shape[1]] = value
            else:
                own[name][:value.shape[0]] = value
            state[name] = own[name]
    target.load_state_dict(state)


def start_from_package(model, directory, programs):
    """Load a v2 package's decoder and the codes of these programs into the model."""
    import package
    decoder, codes, manifest = package.load_package(directory)
    load_decoder_into(decoder, model.decoder)
    row_of = {inst["program"]: i for i, inst in enumerate(manifest["instruments"])}
    missing = [p for p in programs if p not in row_of]
    if missing:
        sys.exit(f"train_frames.py: --init {directory} has no code for programs {missing}")
    with torch.no_grad():
        model.codes.weight.copy_(codes[[row_of[p] for p in programs]])
    for p in model.decoder.parameters():
        p.requires_grad_(True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, action="append", help="an analysed data folder (more than one: all of them)")
    ap.add_argument("--run", required=True)
    ap.add_argument("--steps", type=int, default=30000)
    ap.add_argument("--batch", type=int, default=2048)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--save-every", type=int, default=250)
    ap.add_argument("--eval-every", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hidden", type=int, default=model_v2.DEFAULT_CONFIG["hidden"])
    ap.add_argument("--layers", type=int, default=model_v2.DEFAULT_CONFIG["layers"])
    ap.add_argument("--onset-share", type=float, default=0.15,
                    help="fraction of each batch drawn from the first 50 ms of notes (the attack's few frames)")
    ap.add_argument("--code-noise", type=float, default=0.05,
                    help="std of the noise added to each code per frame: the neighbourhood of a code decodes alike, so "
                         "blends and imported codes (which lie between the instruments' codes) decode smoothly")
    ap.add_argument("--continuity", type=float, default=0.0,
                    help="weight of continuity_loss (the level jump at note-off between the held and released halves)")
    ap.add_argument("--blend", type=float, default=0.0,
                    help="weight of blend_loss (a point between two codes decodes as the crossfade of the two)")
    ap.add_argument("--rise-share", type=float, default=0.0,
                    help="fraction of each batch drawn from 50-400 ms after onset (a bowed or sung note's rise)")
    ap.add_argument("--late-share", type=float, default=0.0,
                    help="fraction of each batch drawn from held frames past the time features' end (a long note's late decay)")
    ap.add_argument("--release-share", type=float, default=0.0,
                    help="fraction of each batch drawn from the first 50 ms after note-off (a fast release's few frames)")
    ap.add_argument("--spike", type=float, default=0.0,
                    help="weight of spike_loss (a drawn harmonic standing over both neighbours more than its target does)")
    ap.add_argument("--formant", action="store_true",
                    help="formant bands (model_v2.formant_levels): levels fixed in frequency added to the partials'")
    ap.add_argument("--pitch-rbf", action="store_true", help="pitch-zone features (model_v2.PITCH_RBF_CENTRES) as decoder inputs")
    ap.add_argument("--onset-rbf", action="store_true", help="onset-zone features (model_v2.ONSET_RBF_CENTRES_S) as decoder inputs")
    ap.add_argument("--programs", default=None, help="comma-separated subset (for tests)")
    ap.add_argument("--no-transient", action="store_true", help="no onset transient head (targets without transient.py's fields)")
    ap.add_argument("--detuned-layer", action="store_true",
                    help="a detuned layer head (docs/SYNTH.md), trained on analysis.detuned_layer's reading of each note")
    ap.add_argument("--hold-out", choices=("pitch-and-velocity", "velocity"), default="pitch-and-velocity",
                    help="what the held-out frames are: the dataset's split, or velocity 70 alone (every grid pitch trains)")
    ap.add_argument("--init", default=None,
                    help="a v2 package to start from (its decoder weights and instrument codes): fine-tuning on new targets")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.run, exist_ok=True)
    programs = [int(p) for p in args.programs.split(",")] if args.programs else None
    train = FrameSet(args.data, "train", programs, args.hold_out)
    test = FrameSet(args.data, "test", programs, args.hold_out)
    print(f"{train.size} training frames, {test.size} held-out frames, {len(train.programs)} instruments", flush=True)

    transient = not args.no_transient
    if transient and train.transient_db is None:
        sys.exit(f"train_frames.py: the targets in {', '.join(args.data)} have no onset transients "
                 "(run analyze_dataset.py again: it adds them) or pass --no-transient")
    if args.detuned_layer and train.layer is None:
        sys.exit(f"train_frames.py: the targets in {', '.join(args.data)} have no detuned layers "
                 "(run analyze_dataset.py again: it adds them) or leave out --detuned-layer")
    config = {"hidden": args.hidden, "layers": args.layers, "transient": transient, "pitch_rbf": args.pitch_rbf,
              "onset_rbf": args.onset_rbf,
              "detuned_layer": args.detuned_layer, "formant": args.formant}
    if args.init:  # the package's architecture, whatever --hidden and --layers say
        arch = json.load(open(os.path.join(args.init, "manifest.json")))["decoder"]["architecture"]
        config = {"hidden": arch["hidden"], "layers": arch["layers"], "transient": transient,
                  "pitch_rbf": args.pitch_rbf or arch.get("pitch_rbf", False),
                  "onset_rbf": args.onset_rbf or arch.get("onset_rbf", False),
                  "detuned_layer": args.detuned_layer or arch.get("detuned_layer", False),
                  "formant": args.formant or arch.get("formant", False)}
    ckpt_path = os.path.join(args.run, "checkpoint.pt")
    ckpt = torch.load(ckpt_path) if os.path.exists(ckpt_path) else None
    if ckpt is not None:  # a resumed run keeps the architecture it started with
        config = ckpt["config"]
    torch.manual_seed(args.seed)
    model = model_v2.TimbreModelV2(len(train.programs), config=config)
    opt = torch.optim.Adam([
        {"params": model.decoder.parameters(), "lr": args.lr},
        {"params": model.codes.parameters(), "lr": args.lr * 3},
    ])
    step = 0
    if ckpt is None and args.init:
        start_from_package(model, args.init, train.programs)
        print(f"starting from {args.init}", flush=True)
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        step = ckpt["step"]
        print(f"resumed at step {step}", flush=True)
    rng = np.random.default_rng(args.seed + step)
    eval_idx = np.random.default_rng(0).choice(test.size, min(test.size, 20000), replace=False)
    log = open(os.path.join(args.run, "train.log"), "a")
    started = time.time()
    while step < args.steps:
        scale = 0.5 * (1 + math.cos(math.pi * step / args.steps)) * 0.95 + 0.05
        for g, base in zip(opt.param_groups, (args.lr, args.lr * 3)):
            g["lr"] = base * scale
        inputs, targets = train.batch(train.draw(rng, args.batch, args.onset_share, args.rise_share, args.late_share, args.release_share), model.codes)
        z = inputs[0] + args.code_noise * torch.randn_like(inputs[0])  # a neighbourhood of each code decodes alike: smooth blends
        loss = frame_loss(model.decoder, (z,) + inputs[1:], targets, spike=args.spike) + 1e-3 * (model.codes.weight ** 2).mean()
        if args.continuity:
            loss = loss + args.continuity * continuity_loss(model.decoder, (z,) + inputs[1:])
        if args.blend:
            loss = loss + args.blend * blend_loss(model.decoder, inputs)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 50 == 0:
            log_line(log, f"step {step} loss {loss.item():.4f} lr {opt.param_groups[0]['lr']:.2e} {time.time() - started:.0f}s")
        if step % args.eval_every == 0 or step == args.steps:
            with torch.no_grad():
                parts = {}
                for chunk in np.array_split(eval_idx, max(1, len(eval_idx) // 4096)):
                    chunk_inputs, chunk_targets = test.batch(chunk, model.codes)
                    _, p = frame_loss(model.decoder, chunk_inputs, chunk_targets, parts=True)
                    p["release_jump_db"] = continuity_loss(model.decoder, chunk_inputs).item()
                    p["blend_db"] = blend_loss(model.decoder, chunk_inputs, generator=torch.Generator().manual_seed(0)).item()
                    for key, v in p.items():
                        parts[key] = parts.get(key, 0.0) + v * len(chunk) / len(eval_idx)
            log_line(log, f"held-out step {step}: " + ", ".join(f"{k} {v:.3f}" for k, v in parts.items()))
        if step % args.save_every == 0 or step == args.steps:
            save_checkpoint(ckpt_path, {"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step,
                                        "programs": train.programs, "args": vars(args), "config": config, "kind": "hpn-v2"})
    print("done", flush=True)


if __name__ == "__main__":
    main()

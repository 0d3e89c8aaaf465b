"""Evaluate a trained model on the held-out split and write the model card's numbers and pictures.

    python3 models/pipeline/evaluate.py --run models/.runs/hpn-v1 --data models/.data --out models/hpn-v1

Held-out notes = pitches and a velocity the model never trained on. For each instrument it
takes a held-out pitch (velocity 100) and a training pitch at the held-out velocity (70), and
compares the decoded note with the soundfont's own rendering, next to an oracle
(harmonic+noise analysis/resynthesis through the same synthesizer) and a naive baseline
(a sine at the right pitch with the note's loudness envelope). Writes metrics.json and
images/*.png into --out; make_card.py turns them into README.md.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
from scipy.optimize import nnls

sys.path.insert(0, os.path.dirname(__file__))
import hpn_synth  # noqa: E402
import model as model_lib  # noqa: E402
from train import NoteSet, multiscale_spectral_loss  # noqa: E402

SR = 48000
HOP = SR // hpn_synth.FRAME_RATE
LSD_FFT, LSD_HOP, LSD_MAX_HZ, LSD_RANGE_DB, LSD_FLOOR_DB = 2048, 512, 12000.0, 60.0, -80.0


# ------------------------------------------------------------------ spectra and metrics
def midi_hz(pitch):
    return 440.0 * 2 ** ((pitch - 69) / 12)


def stft_mag(x, n_fft, hop):
    window = np.hanning(n_fft + 1)[:-1]
    pad = np.pad(x, (n_fft // 2, n_fft // 2))
    frames = 1 + (len(pad) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    return np.abs(np.fft.rfft(pad[idx] * window, axis=1))


def log_spectral_distance(pred, real):
    """dB: peak-normalised log spectra (2048/512 STFT up to 12 kHz), frames within 60 dB of the loudest real frame."""
    bins = int(LSD_MAX_HZ / (SR / LSD_FFT)) + 1
    sp, sr_ = stft_mag(pred, LSD_FFT, LSD_HOP)[:, :bins], stft_mag(real, LSD_FFT, LSD_HOP)[:, :bins]
    n = min(len(sp), len(sr_))
    sp, sr_ = sp[:n], sr_[:n]
    db = lambda s: np.maximum(20 * np.log10(s / (s.max() + 1e-12) + 1e-12), LSD_FLOOR_DB)  # noqa: E731
    energy = 10 * np.log10((sr_ ** 2).sum(axis=1) + 1e-20)
    keep = energy >= energy.max() - LSD_RANGE_DB
    d = np.sqrt(((db(sp) - db(sr_)) ** 2).mean(axis=1))
    return float(d[keep].mean())


def multiscale_distance(pred, real):
    with torch.no_grad():
        return float(multiscale_spectral_loss(torch.tensor(pred[None], dtype=torch.float32),
                                              torch.tensor(real[None], dtype=torch.float32)))


def identity_feature(x):
    """Timbre features like MFCCs: the shape of the average log spectrum (40 log-spaced bands,
    80 Hz..12 kHz, peak-normalised, floor -50 dB, DCT coefficients 1..15, so overall level
    does not count) plus the loudness envelope at 10 times (floor -50 dB, weight 0.3)."""
    from scipy.fft import dct
    mag = stft_mag(x, 2048, 512)
    freqs = np.fft.rfftfreq(2048, 1 / SR)
    power = mag ** 2
    energy = power.sum(axis=1)
    keep = 10 * np.log10(energy + 1e-20) >= 10 * np.log10(energy.max() + 1e-20) - 40
    edges = np.geomspace(80.0, 12000.0, 41)
    mean_power = power[keep].mean(axis=0)
    bands = np.array([mean_power[(freqs >= lo) & (freqs < hi)].sum() for lo, hi in zip(edges[:-1], edges[1:])])
    spec = 10 * np.log10(bands + 1e-20)
    spec = np.maximum(spec - spec.max(), -50)
    shape = dct(spec, norm="ortho")[1:16]
    times = (np.geomspace(0.02, 3.9, 10) * SR / 512).astype(int)
    env = 10 * np.log10(energy[np.minimum(times, len(energy) - 1)] + 1e-20)
    env = np.maximum(env - env.max(), -50)
    return np.concatenate([shape, 0.3 * env])


def estimate_f0(x, target):
    """Autocorrelation pitch of the note's steady part, searched within +-1 semitone of the target
    (so an estimator octave error cannot pass as a tuning error), parabolic peak interpolation."""
    seg = x[int(0.3 * SR):int(0.3 * SR) + 16384]
    seg = seg - seg.mean()
    n = len(seg)
    spec = np.fft.rfft(seg, 2 * n)
    ac = np.fft.irfft(np.abs(spec) ** 2)[:n]
    lo, hi = int(SR / (target * 2 ** (1 / 12))), int(math.ceil(SR / (target / 2 ** (1 / 12))))
    lo, hi = max(lo, 2), min(hi, n - 2)
    if hi <= lo or ac[0] <= 0:
        return float("nan")
    lag = lo + int(np.argmax(ac[lo:hi + 1]))
    a, b, c = ac[lag - 1], ac[lag], ac[lag + 1]
    shift = 0.5 * (a - c) / (a - 2 * b + c) if (a - 2 * b + c) != 0 else 0.0
    return SR / (lag + shift)


# ------------------------------------------------------------------ renderers
def decode_note(model, code, pitch, velocity, hold_s, seconds=4.0, phi0=0.0):
    frames = int(seconds * hpn_synth.FRAME_RATE)
    t = np.arange(frames + 1) / hpn_synth.FRAME_RATE
    col = lambda a: torch.tensor(np.asarray(a, dtype=np.float32))[:, None]  # noqa: E731
    f0 = 440.0 * 2 ** ((pitch - 69) / 12)
    with torch.no_grad():
        z = torch.tensor(np.asarray(code, dtype=np.float32))[None].repeat(frames + 1, 1)
        harm, noise = model.decoder(z, col(np.full(frames + 1, f0)), col(np.full(frames + 1, velocity / 127)), col(t),
                                    col(np.where(t >= hold_s, t - hold_s, -1.0)))
    return render(f0, harm.numpy(), noise.numpy(), phi0)


_BANK = {}


def render(f0, harm, noise, phi0=0.0):
    frames = harm.shape[0] - 1
    n = frames * HOP
    if n not in _BANK:
        _BANK[n] = torch.tensor(hpn_synth.noise_bank(n, SR), dtype=torch.float32)
    with torch.no_grad():
        audio = hpn_synth.torch_render(torch.tensor([f0], dtype=torch.float32), torch.tensor(harm[None], dtype=torch.float32),
                                       torch.tensor(noise[None], dtype=torch.float32), _BANK[n][None], SR,
                                       torch.tensor([phi0]))
    return audio[0].numpy().astype(np.float64)


def frame_rms(x):
    frames = len(x) // HOP
    rms = np.sqrt((x[:frames * HOP].reshape(frames, HOP) ** 2).mean(axis=1))
    return np.concatenate([rms, rms[-1:]])


def sine_baseline(real, pitch):
    f0 = 440.0 * 2 ** ((pitch - 69) / 12)
    amp = np.sqrt(2) * frame_rms(real)
    harm = np.zeros((len(amp), hpn_synth.HARMONICS))
    harm[:, 0] = amp
    return render(f0, harm, np.zeros((len(amp), hpn_synth.NOISE_BANDS)))


_UNIT_PSD = None


def unit_band_psd(n_fft):
    """Mean power spectrum of each unit-gain noise band (for fitting noise gains)."""
    global _UNIT_PSD
    if _UNIT_PSD is None:
        bank = hpn_synth.noise_bank(SR * 2, SR)
        _UNIT_PSD = np.stack([(stft_mag(bank[:, b], n_fft, n_fft // 2) ** 2).mean(axis=0) for b in range(bank.shape[1])], axis=1)
    return _UNIT_PSD


def oracle(real, pitch):
    """Harmonic+noise analysis of the real note, resynthesised with the same synthesizer:
    each harmonic's amplitude is the STFT peak found near k*f0 (so detuned or slightly
    inharmonic partials are still measured), and the noise gains are fitted (NNLS) to the
    spectrum's floor between the partials (a running minimum one harmonic spacing wide)."""
    from scipy.ndimage import minimum_filter1d
    f0 = 440.0 * 2 ** ((pitch - 69) / 12)
    n_fft = 2048
    while n_fft < 4 * SR / f0:
        n_fft *= 2
    window_sum = np.hanning(n_fft + 1)[:-1].sum()
    frames = len(real) // HOP + 1
    mag = stft_mag(real, n_fft, HOP)[:frames]  # frame i centred on sample i*HOP
    bin_hz = SR / n_fft
    k = np.arange(1, hpn_synth.HARMONICS + 1)
    audible = k * f0 < SR / 2 * 0.95
    harm = np.zeros((frames, hpn_synth.HARMONICS))
    for i in np.nonzero(audible)[0]:
        lo = int(max(1, (k[i] * f0 - min(0.35 * f0, 0.03 * k[i] * f0 + 2 * bin_hz)) / bin_hz))
        hi = int(min(mag.shape[1] - 1, (k[i] * f0 + min(0.35 * f0, 0.03 * k[i] * f0 + 2 * bin_hz)) / bin_hz + 1))
        harm[:, i] = mag[:, lo:hi + 1].max(axis=1) * 2 / window_sum
    floor = minimum_filter1d(mag, size=max(3, int(f0 / bin_hz) | 1), axis=1)
    psd = unit_band_psd(n_fft)
    noise = np.zeros((frames, hpn_synth.NOISE_BANDS))
    for i in range(0, frames, 8):  # fit every 8th frame (40 ms), hold between: noise changes slowly
        g2, _ = nnls(psd, floor[i] ** 2, maxiter=200)
        noise[i:i + 8] = np.sqrt(g2)
    return render(f0, harm, noise)


# ------------------------------------------------------------------ evaluation
def pick_notes(data, program):
    notes = [n for n in data.notes if n["program"] == program]
    pitches = sorted({n["pitch"] for n in notes})
    mid = pitches[len(pitches) // 2]
    held_pitch = sorted({n["pitch"] for n in notes if n["split"] == "test" and n["velocity"] != 70}, key=lambda p: abs(p - mid))
    train_pitch = sorted({n["pitch"] for n in notes if any(m["pitch"] == n["pitch"] and m["split"] == "train" for m in notes)},
                         key=lambda p: abs(p - mid))
    chosen = []
    if held_pitch:
        chosen += [n for n in notes if n["pitch"] == held_pitch[0] and n["velocity"] == 100]
    if train_pitch:
        chosen += [n for n in notes if n["pitch"] == train_pitch[0] and n["velocity"] == 70]
    return chosen


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=0, help="evaluate only the first N instruments (quick check)")
    ap.add_argument("--no-oracle", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(os.cpu_count() or 2)
    data = NoteSet(args.data)
    ckpt = torch.load(os.path.join(args.run, "checkpoint.pt"))
    programs = ckpt["programs"]
    model = model_lib.TimbreModel(len(programs), config=ckpt.get("config", model_lib.V1_CONFIG))
    model.load_state_dict(ckpt["model"])
    model.eval()
    codes = model.codes.weight.detach().numpy()
    audio = lambda n: data.audio[n["row"]].astype(np.float64) / 32768.0  # noqa: E731

    features = {}

    def real_feature(n):
        if n["row"] not in features:
            features[n["row"]] = identity_feature(audio(n))
        return features[n["row"]]

    chosen_programs = programs[:args.limit] if args.limit else programs
    rows = []
    for p in chosen_programs:
        for note in pick_notes(data, p):
            real = audio(note)
            decoded = decode_note(model, codes[data.index_of_program[p]], note["pitch"], note["velocity"], data.hold_s)
            base = sine_baseline(real, note["pitch"])
            row = {"program": p, "name": note["name"], "family": note["family"], "pitch": note["pitch"],
                   "velocity": note["velocity"], "held_out": "pitch" if note["velocity"] == 100 else "velocity",
                   "lsd_model": log_spectral_distance(decoded, real), "lsd_baseline": log_spectral_distance(base, real),
                   "mss_model": multiscale_distance(decoded, real), "mss_baseline": multiscale_distance(base, real)}
            orc = None
            if not args.no_oracle:
                orc = oracle(real, note["pitch"])
                row["lsd_oracle"] = log_spectral_distance(orc, real)
                row["mss_oracle"] = multiscale_distance(orc, real)
            target = 440.0 * 2 ** ((note["pitch"] - 69) / 12)
            row["f0_cents_model"] = 1200 * math.log2(estimate_f0(decoded, target) / target)
            row["f0_cents_real"] = 1200 * math.log2(estimate_f0(real, target) / target)
            # Identity: nearest real note at the same pitch and velocity, among all instruments.
            candidates = [n for n in data.notes if n["pitch"] == note["pitch"] and n["velocity"] == note["velocity"]]
            def nearest_program(audio_x):
                feat = identity_feature(audio_x)
                return min((np.linalg.norm(feat - real_feature(c)), c["program"]) for c in candidates)[1]
            nearest = nearest_program(decoded)
            row["identified"] = nearest == p
            row["identified_family"] = nearest // 8 == p // 8
            row["nearest"] = nearest
            if orc is not None:
                row["oracle_identified"] = nearest_program(orc) == p
            row["candidates"] = len(candidates)
            rows.append(row)
            print(f"{note['name']:<28} p{note['pitch']} v{note['velocity']}: LSD model {row['lsd_model']:.1f} "
                  f"oracle {row.get('lsd_oracle', float('nan')):.1f} sine {row['lsd_baseline']:.1f} dB; "
                  f"{'ok' if row['identified'] else 'confused with ' + str(nearest)}", flush=True)

    smooth = interpolation_smoothness(model, codes, data)
    summary = summarise(rows, smooth)
    summary["decoder"] = {"parameters": sum(p.numel() for p in model.decoder.parameters()),
                          "mflops_per_voice_frame": 2 * sum(m.in_features * m.out_features for m in model.decoder.modules()
                                                            if isinstance(m, torch.nn.Linear)) / 1e6}
    summary["training_steps"] = ckpt["step"]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "metrics.json.tmp"), "w") as f:
        json.dump({"summary": summary, "notes": rows}, f, indent=1)
    os.replace(os.path.join(args.out, "metrics.json.tmp"), os.path.join(args.out, "metrics.json"))
    print(json.dumps(summary, indent=1))
    import make_card
    make_card.pictures(model, codes, data, programs, args.out, decode_note, render)


def interpolation_smoothness(model, codes, data, steps=33):
    """Straight paths between instrument codes: ratio of the largest spectral step to the mean step."""
    rng = np.random.default_rng(0)
    names = {n["program"]: n["name"] for n in data.notes}
    pairs = [(0, 73), (40, 56), (24, 19), (71, 32), (11, 52)]
    pairs += [tuple(int(x) for x in rng.choice(data.programs, 2, replace=False)) for _ in range(5)]
    results = []
    for a, b in pairs:
        za, zb = codes[data.index_of_program[a]], codes[data.index_of_program[b]]
        feats = []
        for s in range(steps):
            w = s / (steps - 1)
            x = decode_note(model, (1 - w) * za + w * zb, 60, 100, data.hold_s, seconds=1.0)
            feats.append(identity_feature(np.concatenate([x, np.zeros(3 * SR)]))[:64])
        step = np.linalg.norm(np.diff(np.stack(feats), axis=0), axis=1)
        results.append({"from": names[a], "to": names[b], "max_over_mean": float(step.max() / step.mean())})
    return results


def summarise(rows, smooth):
    def mean(key, subset):
        vals = [r[key] for r in subset if key in r]
        return float(np.mean(vals)) if vals else None
    families = sorted({r["family"] for r in rows})
    by_family = {f: {k: mean(k, [r for r in rows if r["family"] == f]) for k in
                     ("lsd_model", "lsd_oracle", "lsd_baseline", "mss_model", "mss_oracle", "mss_baseline")} for f in families}
    overall = {k: mean(k, rows) for k in ("lsd_model", "lsd_oracle", "lsd_baseline", "mss_model", "mss_oracle", "mss_baseline")}
    instruments = sorted({r["program"] for r in rows})
    held_pitch = [r for r in rows if r["held_out"] == "pitch"]
    cents = np.array([abs(r["f0_cents_model"]) for r in rows])
    cents_real = np.array([abs(r["f0_cents_real"]) for r in rows])
    return {
        "notes": len(rows),
        "instruments": len(instruments),
        "overall": overall,
        "by_family": by_family,
        "identity_per_note": float(np.mean([r["identified"] for r in rows])),
        "identity_family_per_note": float(np.mean([r["identified_family"] for r in rows])),
        "identity_oracle_per_note": float(np.mean([r["oracle_identified"] for r in rows])) if rows and "oracle_identified" in rows[0] else None,
        "identity_per_instrument_held_out_pitch": float(np.mean([r["identified"] for r in held_pitch])) if held_pitch else None,
        "pitch_within_10_cents_model": float(np.mean(cents <= 10)),
        "pitch_within_10_cents_real": float(np.mean(cents_real <= 10)),
        "interpolation": smooth,
        "interpolation_worst_max_over_mean": max(s["max_over_mean"] for s in smooth),
    }


if __name__ == "__main__":
    main()

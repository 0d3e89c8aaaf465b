"""Pictures and the model card (README.md) of a v2 package, from evaluate_v2.py's evaluation.json.

    python3 models/pipeline/make_card_v2.py --run models/.runs/hpn-v2 --v1 models/hpn-v1 --out models/hpn-v2
    python3 models/pipeline/make_card_v2.py --out models/hpn-v2 --card-only   # README.md from the JSON files alone

Pictures (real notes rendered by evaluate_v2.py's cache, decoded notes through the reference synthesizer):
real vs v1 vs v2 spectrograms at a held-out pitch, a long note (piano held 8 s) with its level
curves, a vibrato note (violin) with its pitch contour, the map of v2's instrument codes and an
interpolation sweep while a note holds.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import analysis  # noqa: E402
import evaluate_v2 as ev  # noqa: E402
import gm  # noqa: E402
import hpn_synth  # noqa: E402
from make_card import CODE_PICTURES, _plt, fmt, latent_map, picture_lines, spectrogram_db, write_card_text  # noqa: E402

SR = ev.SR


def _spectrogram(ax, x, title, top_khz=12):
    ax.imshow(spectrogram_db(x)[:int(top_khz * 1000 / (SR / 2048))], origin="lower", aspect="auto", cmap="magma",
              extent=[0, len(x) / SR, 0, top_khz])
    ax.set_title(title, fontsize=8)
    ax.tick_params(labelsize=7)


def pictures(decoders, codes, raw, out, cache):
    """decoders: {"v1": fn(code, pitch, vel, hold, secs) -> audio, "v2": ...}; codes: {name: {program: z}};
    raw: the torch decoders (for a code that moves while the note holds)."""
    plt = _plt()
    img = os.path.join(out, "images")
    os.makedirs(img, exist_ok=True)
    real = lambda p, pitch, hold=3.0, secs=4.0: ev.render_real(p, pitch, 100, hold, secs, cache)  # noqa: E731
    names = [n for n in ("v1", "v2") if n in decoders]

    # 1. Real vs decoded at the off-grid D4 (never a training pitch).
    show = [73, 0, 42, 56, 16]
    fig, axes = plt.subplots(1 + len(names), len(show), figsize=(3.0 * len(show), 2.3 * (1 + len(names))), sharey=True)
    for col, p in enumerate(show):
        _spectrogram(axes[0, col], real(p, ev.D4), f"{gm.GM_NAMES[p]}: FluidR3 (real), D4")
        for row, n in enumerate(names, start=1):
            _spectrogram(axes[row, col], decoders[n](codes[n][p], ev.D4, 100, 3.0, 4.0), f"{n} decoded")
        axes[-1, col].set_xlabel("s", fontsize=7)
    for row in range(1 + len(names)):
        axes[row, 0].set_ylabel("kHz", fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "real_vs_decoded.png"), dpi=80)
    plt.close(fig)

    # 2. A long note: piano C4 held 8 s, released, 3 s tail.
    p, hold, secs = 0, 8.0, 11.0
    notes = [("FluidR3 (real)", real(p, ev.C4, hold, secs))] + [(f"{n} decoded", decoders[n](codes[n][p], ev.C4, 100, hold, secs))
                                                               for n in names]
    fig, axes = plt.subplots(len(notes) + 1, 1, figsize=(10, 2.0 * (len(notes) + 1)), sharex=True)
    for ax, (label, x) in zip(axes, notes):
        _spectrogram(ax, x, f"{gm.GM_NAMES[p]} C4 held {hold:g} s: {label}", top_khz=6)
        ax.set_ylabel("kHz", fontsize=7)
    for label, x in notes:
        env, hop = ev.envelope_db(x, 0.05, 0.01)
        axes[-1].plot(np.arange(len(env)) * hop, env, label=label, linewidth=1)
    axes[-1].axvline(hold, color="grey", linestyle=":", linewidth=1)
    axes[-1].set_ylim(-110, 0)
    axes[-1].set_ylabel("dB (50 ms RMS)", fontsize=7)
    axes[-1].set_xlabel("s since note-on (dotted: note-off)", fontsize=7)
    axes[-1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "long_note.png"), dpi=80)
    plt.close(fig)

    # 3. A vibrato note: violin C4 held 3 s, pitch contour and the third harmonic's spectrogram.
    p = 40
    notes = [("FluidR3 (real)", real(p, ev.C4, 3.0, 4.0))] + [(f"{n} decoded", decoders[n](codes[n][p], ev.C4, 100, 3.0, 4.0))
                                                             for n in names]
    fig, axes = plt.subplots(1, len(notes) + 1, figsize=(4.0 * (len(notes) + 1), 3.2))
    f0 = analysis.midi_hz(ev.C4)
    for ax, (label, x) in zip(axes, notes):
        ax.imshow(spectrogram_db(x)[:int(4 * f0 / (SR / 2048))], origin="lower", aspect="auto", cmap="magma",
                  extent=[0, len(x) / SR, 0, 4 * f0])
        ax.set_title(f"{gm.GM_NAMES[p]} C4: {label}", fontsize=8)
        ax.set_ylabel("Hz", fontsize=7)
        a = analysis.analyse_note(x, ev.C4, 3.0)
        t = a["frames"] / hpn_synth.FRAME_RATE
        keep = (t > 0.3) & (t < 2.9)
        axes[-1].plot(t[keep], a["cents"][keep].astype(float), label=label, linewidth=1)
    axes[-1].set_title("pitch contour (cents from the note)", fontsize=8)
    axes[-1].set_xlabel("s", fontsize=7)
    axes[-1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "vibrato_note.png"), dpi=80)
    plt.close(fig)

    # 3b. A detuned layer: the saw lead at C4, two of its partials in one long window and partial 5's beating.
    p = 81
    notes = [("FluidR3 (real)", real(p, ev.C4, 3.0, 4.0))] + [(f"{n} decoded", decoders[n](codes[n][p], ev.C4, 100, 3.0, 4.0))
                                                             for n in names]
    fig, axes = plt.subplots(2, len(notes), figsize=(4.0 * len(notes), 5.6))
    for col, (label, x) in enumerate(notes):
        seg = x[int(analysis.LAYER_WINDOW_S[0] * SR):int(analysis.LAYER_WINDOW_S[1] * SR)]
        spec = 20 * np.log10(np.abs(np.fft.rfft(seg * np.hanning(len(seg)), 8 * len(seg))) + 1e-12)
        freqs = np.fft.rfftfreq(8 * len(seg), 1 / SR)
        for k in (3, 5):
            near = (freqs > k * f0 * 2 ** (-15 / 1200)) & (freqs < k * f0 * 2 ** (25 / 1200))
            axes[0, col].plot(1200 * np.log2(freqs[near] / (k * f0)), spec[near] - spec[near].max(), linewidth=1, label=f"partial {k}")
        axes[0, col].set_ylim(-60, 3)
        axes[0, col].set_title(f"{gm.GM_NAMES[p]} C4: {label}", fontsize=8)
        axes[0, col].set_xlabel("cents from k f0 (2.5 s window)", fontsize=7)
        axes[0, col].legend(fontsize=7)
        t = np.arange(len(x)) / SR
        beat = np.abs(np.convolve(x * np.exp(-2j * np.pi * 5 * f0 * t), np.ones(960) / 960, "same"))[::240]
        axes[1, col].plot(np.arange(len(beat)) / hpn_synth.FRAME_RATE, 20 * np.log10(beat / beat.max() + 1e-9), linewidth=1)
        axes[1, col].set_ylim(-40, 2)
        axes[1, col].set_xlabel("s (partial 5's level, 20 ms)", fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "layer_note.png"), dpi=80)
    plt.close(fig)

    # 4. Attacks: the first 40 ms of struck and blown notes (C4), each from its first sound, with and without v2's onset burst.
    show = [12, 4, 13, 73]
    fig, axes = plt.subplots(1, len(show), figsize=(3.6 * len(show), 3.0), sharey=True)
    for ax, p in zip(axes, show):
        x = real(p, ev.C4)
        notes = [("FluidR3 (real)", x[analysis.onset_sample(x):])] + [(f"{n} decoded", decoders[n](codes[n][p], ev.C4, 100, 3.0, 4.0))
                                                                      for n in names]
        if "v2" in raw:
            f0, (harm, noise, sub, stretch, mod, *_) = ev.decoded_frames(raw["v2"], codes["v2"][p], ev.C4, 100, 3.0, 4.0)
            notes.append(("v2 without its burst", ev.render_frames(f0, harm, noise, sub, stretch[:, 0], mod)))
        peak = ev.envelope_db(notes[0][1])[0].max()
        for label, y in notes:
            env, hop = ev.envelope_db(y[:int(0.06 * SR)])
            ax.plot(np.arange(len(env)) * hop * 1000, env - peak, label=label, linewidth=1,
                    linestyle=":" if "without" in label else "-")
        ax.set_xlim(0, 40)
        ax.set_ylim(-60, 6)
        ax.set_title(f"{gm.GM_NAMES[p]} C4", fontsize=8)
        ax.set_xlabel("ms from the first sound", fontsize=7)
    axes[0].set_ylabel("dB re the real note's peak (2 ms RMS)", fontsize=7)
    axes[-1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "attacks.png"), dpi=80)
    plt.close(fig)

    # 5. Map of v2's instrument codes (PCA), coloured by GM family.
    programs = sorted(codes["v2"])
    latent_map(plt, np.stack([codes["v2"][p] for p in programs]), programs, gm.family_of, gm.GM_NAMES.__getitem__,
               "v2 instrument codes, first two principal components", os.path.join(img, "latent_map.png"), dpi=80)

    # 6. Interpolation sweep: one held C4 while the code moves Flute -> Cello -> Trumpet (v2).
    path = [73, 42, 56]
    sweep = ev.decode_path(raw["v2"], [codes["v2"][q] for q in path], ev.C4, 100, 4.0)
    fig, ax = plt.subplots(figsize=(9, 3.5))
    _spectrogram(ax, sweep, " -> ".join(gm.GM_NAMES[q] for q in path) + " (v2, C4, codes interpolated while the note holds)")
    ax.set_xlabel("s")
    ax.set_ylabel("kHz")
    fig.tight_layout()
    fig.savefig(os.path.join(img, "interpolation_sweep.png"), dpi=80)
    plt.close(fig)


def _count(rows):
    return f"{int(sum(r['ok'] for r in rows))}/{len(rows)}" if rows else "-"


def _pct(v):
    return "-" if v is None else f"{100 * v:.0f} %"


def target_rows(e):
    """(target, v1, v2) lines of the summary table."""
    def both(f):
        return [f(e[n]) if n in e else "-" for n in ("v1", "v2")]
    spectra = lambda r, key, f: f(r["spectra"][key]) if key in r.get("spectra", {}) else "-"  # noqa: E731
    return [
        ("16-way identity, C4 and D4 (>= 90 %)", *both(lambda r: _pct(r["identity16"]))),
        ("112-way identity, C4 and D4 (>= 50 %)", *both(lambda r: _pct(r.get("identity112")))),
        ("mean LSD, held-out notes of the 16 (dB, <= v1)", *both(lambda r: f"{r['lsd_held_out_16']:.2f}")),
        ("mean LSD, all instruments at D4 (dB)", *both(lambda r: fmt(r.get("lsd_d4_all"), 2))),
        ("vibrato depth 0.5-2x, rate within 1.5 Hz", *both(lambda r: _count(r["vibrato"]))),
        ("attacks (percussive <= 1.5x + 3 ms, bowed/blown 0.6-1.6x)", *both(lambda r: _count(r["attack"]))),
        ("level 7.5 s into an 8 s note within 6 dB", *both(lambda r: _count(r["long"]))),
        ("release to -40 dB within 0.6-1.6x", *both(lambda r: _count(r["release"]))),
        ("piano partial stretch within 0.5-2x", *both(lambda r: spectra(r, "piano_stretch",
                                                                     lambda s: f"B {s['decoded']:.1e} vs {s['real']:.1e}"))),
        ("organ f0/2 within 10 dB", *both(lambda r: spectra(r, "organ_sub_octave",
                                                          lambda s: f"{s['decoded_db']:.0f} dB vs {s['real_db_re_strongest_harmonic']:.0f}"))),
        ("notes C1-C7 with a spike the real note lacks (0)", *both(lambda r: str(len(r["spectra"]["spikes"])))),
        ("interpolation: worst largest/mean step (<= 3)", *both(lambda r: fmt(r.get("interpolation_worst_max_over_mean"), 2))),
    ]


FIRST_STEPS = 14000  # hpn-v2 1.0.0, the run the fine-tuned packages started from
# Each fine-tuned version: (the version it started from, the commit that holds that package, what changed).
LINEAGE = {
    "1.1.0": ("1.0.0", "1f8fca9", "targets from an analysis with the noise averaged in the log domain and the bands summed as amplitudes"),
    "1.2.0": ("1.1.0", "877f32f", "targets from an analysis with the noise band gains fitted to the log power between the partials,"
              " onset frames' noise from the first window clear of the start and frame 0 silent; 15 % of each batch"
              " from the first 50 ms of notes (--onset-share)"),
    "1.3.0": ("1.2.0", "d378f91", "targets from an analysis that starts each note at its first sound (the lead-in cut) and keeps"
              " 0.3 s of frames after every note-off, with each note's onset transient (transient.py) trained into a new"
              " `transient` output"),
    "1.4.0": ("1.3.0", "47fc846", "targets in which a clear pitch wobble alone counts as vibrato (VIBRATO_RULE 2), on every grid pitch (train_frames.py --hold-out velocity: velocity 70 alone held out; before, every"
              " fourth grid pitch was too, leaving the cello's bright C#4-D#4 sample zone and the flute's C4-D4 resonance"
              " unseen) with 10 % of each batch from 50-400 ms after onset (--rise-share: bowed and sung rises)"),
    "1.5.0": ("1.4.0", "3cadef3", "the grid and the fill notes (the semitone above each grid pitch: the sample zones between"
              " grid pitches), the held and released halves trained to meet at note-off (--continuity: the note-off blip"
              " gone), code noise 0.3 (a code's neighbourhood decodes alike: imported codes land between the instruments')"
              " and the blend term (--blend: a point between two codes decodes as their crossfade, so blends stay even)"),
    "1.6.0": ("1.5.0", "f55c57a", "targets with each note's detuned layer (analysis.detuned_layer: a second copy of the"
              " harmonics a few cents sharp, as in the saw and square leads and the honky-tonk piano) trained into a new"
              " `layer` output (--detuned-layer), on the grid and fill notes with 1.5.0's terms"),
    "1.7.0": ("1.6.0", "5f99b2c", "the same notes and terms at a third of 1.6.0's learning rate, with a quarter of each batch"
              " from 50-400 ms after onset (--rise-share 0.25): the e-piano's level 7.5 s into an 8 s note back within 6 dB"
              " of the real and the choir's C2 spikes gone"),
    "1.8.0": ("1.7.0", "c055706", "the same notes and terms at half 1.7.0's learning rate, with a quarter of each batch from"
              " 50-400 ms after onset, 15 % from the first 50 ms after note-off (--release-share: 1.7.0's clarinet fell 18-45 dB"
              " slower than its targets there, a release one hop too long) and 10 % from held frames past 6 s (--late-share);"
              " targets from analysis.py as at that commit (before analysis.STRETCH_RULE 2)"),
    "1.9.0": ("1.8.0", "f54d2ee", "targets in which a fitted partial stretch stands only where the partials are where it puts"
              " them (analysis.STRETCH_RULE 2: 1.8.0 played the fifths lead with partial 10 near 14 f0 and stretched the"
              " choir's C2), the same notes and terms as 1.8.0 and the spike term (--spike 0.2: a drawn harmonic may not"
              " stand over both neighbours further than its target does)"),
    "1.10.0": ("1.9.0", "644e401", "the same notes and terms as 1.9.0 at four times its learning rate, with pitch-zone inputs"
               " (--pitch-rbf: bumps every 2 semitones from A0 to B7 beside the smooth pitch features, so the decoder can"
               " tell FluidR3's sample zones apart, which change every few keys)"),
}


NEVER_COMMITTED = set()  # fine-tuned packages that the next one started from before they reached git


def unshipped_steps(manifest):
    """This package's fine-tune and those of the packages between it and the last one in git (a package
    fine-tuned from one that was never committed records that one's training as "parent"), oldest first."""
    steps, version, training = [], manifest["version"], manifest["training"]
    while True:
        steps.insert(0, (version, training))
        if training.get("parent", {}).get("version") not in NEVER_COMMITTED:
            return steps
        version, training = training["parent"]["version"], training["parent"]["training"]


def fine_tune_commands(manifest):
    """The fine-tunes and exports that made this package, when it was fine-tuned from another (train_frames.py --init):
    the last package in git comes out of git history, the targets from the current analysis."""
    steps = unshipped_steps(manifest)
    if not steps[0][1]["args"].get("init"):
        return []
    parent, commit, _ = LINEAGE.get(steps[0][0], ("?", "?", ""))
    commands = [f"git worktree add ../hpn-v2-{parent} {commit}   # hpn-v2 {parent}, the package this one started from",
                "rm -r models/.data-v2/targets   # the targets again, from the current analysis",
                "python3 models/pipeline/analyze_dataset.py --data models/.data-v2"]
    if any("fill" in training.get("noteSets", []) for _, training in steps):
        commands += ["python3 models/pipeline/render_dataset.py --out models/.data-v2-fill --holds 0.5,1.5,3,8 --release 3 --notes fill",
                     "python3 models/pipeline/analyze_dataset.py --data models/.data-v2-fill"]
    init = f"../hpn-v2-{parent}/models/hpn-v2"
    for i, (version, training) in enumerate(steps):
        a, run = training["args"], f"models/.runs/hpn-v2-{version}"
        out = "models/hpn-v2" if i == len(steps) - 1 else f"../hpn-v2-{version}"
        flags = f" --onset-share {a['onset_share']:g}" if "onset_share" in a else ""
        flags += f" --rise-share {a['rise_share']:g}" if a.get("rise_share") else ""
        flags += f" --late-share {a['late_share']:g}" if a.get("late_share") else ""
        flags += f" --release-share {a['release_share']:g}" if a.get("release_share") else ""
        flags += f" --hold-out {a['hold_out']}" if a.get("hold_out", "pitch-and-velocity") != "pitch-and-velocity" else ""
        flags += " --pitch-rbf" if a.get("pitch_rbf") else ""
        flags += " --onset-rbf" if a.get("onset_rbf") else ""
        flags += f" --continuity {a['continuity']:g}" if a.get("continuity") else ""
        flags += f" --code-noise {a['code_noise']:g}" if a.get("code_noise", 0.05) != 0.05 else ""  # train_frames' default
        flags += f" --blend {a['blend']:g}" if a.get("blend") else ""
        flags += " --detuned-layer" if a.get("detuned_layer") else ""
        flags += " --formant" if a.get("formant") else ""
        flags += f" --spike {a['spike']:g}" if a.get("spike") else ""
        flags += f" --seed {a['seed']}" if a.get("seed", 1) != 1 else ""  # train_frames' default
        data = "".join(f" --data models/.data-v2{'-fill' if s == 'fill' else ''}" for s in training.get("noteSets", ["grid"]))
        commands += [f"python3 models/pipeline/train_frames.py{data} --run {run} --init {init} "
                     f"--steps {a['steps']} --lr {a['lr']:g} --threads {a['threads']}{flags}",
                     f"python3 models/pipeline/export.py --run {run} --out {out} --name hpn-v2 --version {version}"]
        init = out
    return commands


def held_out_sentence(manifest):
    """What the package's training held out (train_frames.py --hold-out)."""
    if manifest["training"]["args"].get("hold_out") == "velocity":
        return ("held out: velocity 70 (the decoder trained on every grid pitch; earlier versions also held out every"
                " fourth grid pitch).")
    return "held out: every fourth grid pitch and velocity 70."


def fill_sentence():
    return ("and the fill set (`render_dataset.py --notes fill`): the semitone above each grid pitch at velocity 100, because"
            " FluidR3 changes sample every few keys (the cello's bright zone starts at C#4, on the grid only at D#4);")


def training_sentence(manifest):
    t = manifest["training"]
    if t["args"].get("init"):
        chain, version = [], manifest["version"]
        while version in LINEAGE:
            parent, commit, what = LINEAGE[version]
            steps = dict(unshipped_steps(manifest)).get(version, {}).get("steps")
            chain.append(f"{version}: {parent} (commit {commit}) fine-tuned" + (f" {steps} steps" if steps else "") + f" on {what}")
            version = parent
        return (f"hpn-v2 1.0.0 was {FIRST_STEPS} steps of 2048 frames; " + "; ".join(reversed(chain)) + " (`check_targets.py`).")
    return f"{t['steps']} steps of 2048 frames."


def status_lines(e, bench):
    """Whether this package is the box's default, and why: what it does better and worse than v1."""
    v1, v2 = e.get("v1", {}), e["v2"]
    ok = lambda rows: int(sum(r["ok"] for r in rows))  # noqa: E731
    better, worse = [], []
    def compare(label, a, b, higher_is_better=True):
        if a is None or b is None or a == b:
            return
        (better if (b > a) == higher_is_better else worse).append(f"{label} ({a if isinstance(a, int) else fmt(a, 2)} -> "
                                                                 f"{b if isinstance(b, int) else fmt(b, 2)})")
    compare("16-way identity", v1.get("identity16"), v2["identity16"])
    compare("112-way identity", v1.get("identity112"), v2.get("identity112"))
    compare("held-out LSD, dB", v1.get("lsd_held_out_16"), v2["lsd_held_out_16"], higher_is_better=False)
    for key, label in (("vibrato", "vibrato notes right"), ("attack", "attacks right"), ("long", "8 s notes right"),
                       ("release", "releases right")):
        if key in v1:
            compare(label, ok(v1[key]), ok(v2[key]))
    default = v2["identity16"] >= v1.get("identity16", 0) and v2["lsd_held_out_16"] <= v1.get("lsd_held_out_16", 1e9)
    lines = ["## Status", ""]
    if default:
        lines.append("The box's default model.")
    else:
        lines += ["**Not the box's default yet**: it plays hpn-v1 unless told `--model models/hpn-v2` (`run`, `render`,",
                  "`import`, `bench`) or `Model:Path` in the config. What keeps v1 the default is the list of what v2",
                  "does worse below."]
    lines += ["", "Better than v1: " + ("; ".join(better) or "nothing measured") + ".",
              "Worse than v1: " + ("; ".join(worse) or "nothing measured") + "."]
    if bench:
        sixteen = next((v["engineRealTime"] for v in bench["voices"] if v["voices"] == 16), None)
        sixty_four = next((v["engineRealTime"] for v in bench["voices"] if v["voices"] == 64), None)
        dense = (bench.get("fluidsynth") or {}).get("engineOverFluidsynth")
        if sixteen is not None:
            met = sixteen >= 20 and (sixty_four is None or sixty_four >= 5) and (dense is None or dense <= 1.0)
            lines.append(f"Cost: 16 voices {sixteen:.1f}x real time"
                         + (f", 64 voices {sixty_four:.1f}x" if sixty_four is not None else "")
                         + (f", the dense file {dense:.2f}x FluidSynth's CPU" if dense is not None else "")
                         + (": the cost targets (20x, 5x, 1.0x) are met" if met else ": under the cost targets (20x, 5x, 1.0x)")
                         + " (see Details).")
        every = bench.get("everyFrame")
        if every:
            lines.append(f"Decoding every voice every frame (`--decode-every-frame`, the engine before settled voices were decoded"
                         f" every other frame), same session: {every['engineRealTime16']:.1f}x at 16 voices, {every['engineRealTime64']:.1f}x"
                         f" at 64, the dense file {every['engineOverFluidsynth']:.2f}x.")
        before = bench.get("previousPackage")
        if before:
            lines.append(f"Measured in the same session: {before['name']} {before['version']} (the package before) "
                         f"{before['engineRealTime16']:.1f}x at 16 voices; on a shared machine only such ratios compare.")
    return lines + [""]


def targets_check_lines(out):
    """check_targets.py's finding: how close the analysed training targets themselves come to the real notes."""
    path = os.path.join(out, "targets_check.json")
    if not os.path.exists(path):
        return []
    c = json.load(open(path))
    m = c["summary"]
    worst = sorted(c["rows"], key=lambda r: -r["resynthesis"])[:5]
    return ["", "## The training targets themselves", "",
            f"`check_targets.py` resynthesises each of the 16 real notes at D4 from its own analysis (the targets the decoder",
            f"is trained on): mean LSD {m['resynthesis']:.2f} dB with the analysed noise, {m['resynthesis_without_noise']:.2f} dB",
            f"without any noise, the decoded notes {m['decoded']:.2f} dB. A decoder trained on these targets cannot come closer",
            "than they do. Worst: " + "; ".join(f"{r['name']} {r['resynthesis']:.1f} dB ({r['resynthesis_without_noise']:.1f} without noise)"
                                              for r in worst) + ". `targets_check.json`."]


def write_card(out):
    e = json.load(open(os.path.join(out, "evaluation.json")))
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    d = manifest["decoder"]
    bench_path = os.path.join(out, "bench.json")
    bench = json.load(open(bench_path)) if os.path.exists(bench_path) else None
    steps = manifest["training"]["steps"]
    lines = [
        f"# Model card: {manifest['name']} {manifest['version']}",
        "",
        "The second NSynthBox decoder. Once per control frame (200 Hz) an MLP maps a latent timbre code z",
        f"({manifest['latentSize']} numbers), f0, velocity, time since onset and time since release to every control of the",
        "v2 synthesizer (`docs/SYNTH.md`): 96 harmonic amplitudes, 8 sub-partials at (i - 1/2) f0, 24 noise",
        "band gains, the partial stretch B (harmonic k at k f0 sqrt(1 + B k^2)) and a vibrato/tremolo oscillator",
        "(rate, depth in cents, tremolo)"
        + (", an onset burst (noise band gains and a decay)" if d.get("architecture", {}).get("transient") else "")
        + (", a detuned layer (a second copy of the harmonics a few cents sharp: detune and gain)"
           if d.get("architecture", {}).get("detuned_layer") else "")
        + (", formant bands (levels fixed in frequency, a quarter of an octave apart, added to every partial's)"
           if d.get("architecture", {}).get("formant") else "")
        + ". Times are not clamped at the training notes' length: past",
        f"{d['heldFeatureSeconds']:g} s held and {d['releaseFeatureSeconds']:g} s released every level keeps falling at a learned rate (dB/s),",
        "so a long note goes on decaying and the release is the instrument's own (the Release knob at its",
        f"default lets it through). {len(manifest['instruments'])} instruments (GM programs 0-111 of FluidR3), one code each;",
        "the box blends the four corner codes bilinearly at the finger's position.",
        "",
        f"Decoder: {d['parameters']} parameters, {d['mflopsPerVoiceFrame']:.2f} MFLOP per voice-frame (v1: 0.2; the issue's budget 1.5).",
        "",
    ] + status_lines(e, bench) + [
        "## Data, training, evaluation (all on 2 CPU cores, no GPU)",
        "",
        "```",
        "python3 models/pipeline/render_dataset.py --out models/.data-v2 --holds 0.5,1.5,3,8 --release 3",
        "python3 models/pipeline/analyze_dataset.py --data models/.data-v2",
        f"python3 models/pipeline/train_frames.py --data models/.data-v2 --run models/.runs/hpn-v2 --steps "
        f"{FIRST_STEPS if manifest['training']['args'].get('init') else e.get('planned_steps', steps)} --threads 1",
        "python3 models/pipeline/export.py --run models/.runs/hpn-v2 --out models/hpn-v2 --name hpn-v2",
    ] + fine_tune_commands(manifest) + [
        "python3 models/pipeline/evaluate_v2.py --run models/hpn-v2 --v1 models/hpn-v1 --out models/hpn-v2 --cache DIR",
        "python3 models/pipeline/check_targets.py --package models/hpn-v2 --cache DIR",
        "python3 models/pipeline/make_card_v2.py --run models/hpn-v2 --v1 models/hpn-v1 --out models/hpn-v2 --cache DIR",
        "```",
        "",
        "FluidR3_GM (reverb and chorus off), every 3 semitones of each instrument's range, velocities 40, 70, 100,",
        "127, each note held 0.5, 1.5, 3 or 8 s (the hold cycles along pitch and velocity) then 3 s of release;",
    ] + ([fill_sentence()] if "fill" in manifest["training"].get("noteSets", []) else []) + [
        held_out_sentence(manifest) + " `analysis.py` measures per frame what the",
        "synthesizer needs (harmonic and sub-partial levels, noise between the partials per band, stretch,",
        "vibrato rate and depth, tremolo); the decoder is trained frame by frame against those targets",
        "(dB L1 above a floor 70 dB under the frame's loudest partial). Every command resumes from its",
        f"checkpoint or cache. This package: " + training_sentence(manifest),
        "",
        "## Targets (issue 16), v1 beside v2",
        "",
        "Evaluated on notes the decoder never saw (`evaluate_v2.py`): D4 and F4 (the semitone below a grid pitch,",
        "rendered neither on the grid nor in the fill set) for every instrument, velocity 70 held out. The 16 instruments: " +
        ", ".join(ev.SIXTEEN.values()) + ". The real notes are rendered as 32-bit float: a 16-bit render's floor "
        "(-96 dBFS) lies above the -40 dB point of a quiet note's release (a piano C4 held 3 s is at -63 dBFS at note-off)."
        f" They are compared without their DC offset (a {ev.DC_BLOCK_HZ:g} Hz DC blocker): FluidR3's warm pad carries one as"
        " strong as its tone, inaudible, on which the log-spectral distance's normalisation had settled.",
        "",
        "| target | v1 | v2 |",
        "|---|---|---|",
    ]
    lines += [f"| {t} | {a} | {b} |" for t, a, b in target_rows(e)]
    if "by_family" in e.get("v2", {}):
        lines += ["", "## Per family (every instrument at D4, velocity 100)", "",
                  "| family | instruments | LSD v1 (dB) | LSD v2 (dB) | 112-way identity v1 | v2 |", "|---|---|---|---|---|---|"]
        for fam, m2 in e["v2"]["by_family"].items():
            m1 = e.get("v1", {}).get("by_family", {}).get(fam, {})
            lines.append(f"| {fam} | {m2['instruments']} | {fmt(m1.get('lsd_d4'), 2)} | {fmt(m2['lsd_d4'], 2)} | "
                         f"{_pct(m1.get('identity112'))} | {_pct(m2['identity112'])} |")
    v2 = e["v2"]
    detail = lambda rows, f: "; ".join(f(r) for r in rows)  # noqa: E731
    lines += [
        "",
        "## Details (v2)",
        "",
        "* Vibrato (real notes with at least 3 cents): " + detail(v2["vibrato"], lambda r: f"{gm.GM_NAMES[r['program']]} "
            f"{r['decoded_cents']:.0f} cents at {r['decoded_hz']:.1f} Hz (real {r['real_cents']:.0f} at {r['real_hz']:.1f})") + ".",
        "* Attacks, -40 to -6 dB re the first 1.5 s's peak: " + detail(v2["attack"], lambda r: f"{gm.GM_NAMES[r['program']]} {r['decoded_ms']:.0f} ms"
            f" (real {r['real_ms']:.0f}" + (f"; to -6 dB re the sustain's median {r['decoded_ms_to_sustain']:.0f} vs {r['real_ms_to_sustain']:.0f} ms,"
            f" peak {r['decoded_peak_over_sustain_db']:.1f} vs {r['real_peak_over_sustain_db']:.1f} dB over it"
            if r["kind"] == "bowed/blown" and "real_ms_to_sustain" in r else "") + ")") + ".",
        "* Releases to -40 dB: " + detail(v2["release"], lambda r: f"{gm.GM_NAMES[r['program']]} "
            + ("never" if r['decoded_ms'] is None else f"{r['decoded_ms']:.0f} ms") + f" (real {r['real_ms']:.0f})") + ".",
        "* Detuned layer (`analysis.detuned_layer`, where the real or the decoded note at C4 has one): "
            + (detail(v2.get("layer", []), lambda r: f"{gm.GM_NAMES[r['program']]} {r['decoded_cents']:.1f} cents at gain "
               f"{r['decoded_gain']:.2f} (real {r['real_cents']:.1f} at {r['real_gain']:.2f})") or "none") + ".",
        "* Level 7.5 s into an 8 s note: " + detail(v2["long"], lambda r: f"{gm.GM_NAMES[r['program']]} {r['decoded_db']:.1f} dB"
            f" (real {r['real_db']:.1f})") + ".",
        "* Misidentified among the 16: " + (detail(v2["identity16_misses"], lambda r: f"{gm.GM_NAMES[r['program']]} at MIDI"
            f" {r['pitch']} nearest {gm.GM_NAMES[r['nearest']]}") or "none") + ".",
        "* Spikes (a harmonic 20 dB above both neighbours that the real note lacks): " + (detail(v2["spectra"]["spikes"],
            lambda r: f"{gm.GM_NAMES[r['program']]} MIDI {r['pitch']} harmonics {r['harmonics']}") or "none") + ".",
        "* Interpolation paths (largest/mean step): " + detail(v2.get("interpolation", []),
            lambda r: f"{r['from']} -> {r['to']} {r['max_over_mean']:.2f}") + ".",
    ]
    if bench:
        voices = ", ".join(f"{v['voices']} voices {v['engineRealTime']:.1f}x real time (decode {v['decodeRealTime']:.1f}x,"
                           f" synth {v['synthRealTime']:.1f}x)" for v in bench["voices"])
        dense = bench.get("fluidsynth") or {}
        lines.append(f"* Cost, `nsynthbox bench --json` (whole engine on one core, {bench.get('machine', '')}; targets 16 voices >= 20x,"
                     f" 64 >= 5x, the dense file <= 1.0x FluidSynth's CPU): {voices}"
                     + (f"; the dense file {dense['engineOverFluidsynth']:.2f}x FluidSynth's CPU" if dense else "") + ".")
    lines += targets_check_lines(out)
    imp = os.path.join(out, "import_metrics.json")
    if os.path.exists(imp):
        m = json.load(open(imp))["summary"]
        lines += ["", "## Sound encoder", "",
                  f"Importing one note of {m['instruments']} TimGM6mb instruments (never seen): the import beats the best-fitting"
                  f" built-in preset and the sine for {m['beats_both']} of {m['instruments']} (mean LSD {m['lsd_import']:.2f} dB vs"
                  f" {m['lsd_nearest']:.2f}); `import_metrics.json`."]
        imp3 = os.path.join(out, "import_metrics_3notes.json")
        if os.path.exists(imp3):
            m3 = json.load(open(imp3))["summary"]
            lines.append(f"From three notes: {m3['beats_both']} of {m3['instruments']} (mean LSD {m3['lsd_import']:.2f} dB vs"
                         f" {m3['lsd_nearest']:.2f}); `import_metrics_3notes.json`.")
        lines += ["", "```",
                  "python3 models/pipeline/train_encoder.py --package models/hpn-v2 --data models/.data-v2 --run models/.runs/encoder-hpn-v2 --frame-stride 4 --steps 1500",
                  "python3 models/pipeline/export_encoder.py --package models/hpn-v2 --run models/.runs/encoder-hpn-v2",
                  "python3 models/pipeline/render_dataset.py --soundfont /usr/share/sounds/sf2/TimGM6mb.sf2 --out models/.data-timgm --programs $(seq -s, 0 7 111)",
                  "python3 models/pipeline/evaluate_import.py --package models/hpn-v2 --data models/.data-timgm --pitches 4 --targets-only --out models/hpn-v2",
                  "python3 models/pipeline/evaluate_import.py --package models/hpn-v2 --data models/.data-timgm --pitches 4 --notes 3 --targets-only --out models/hpn-v2",
                  "```"]
    lines += [
        "",
    ] + picture_lines([
        ("Real and decoded notes at D4, a pitch no instrument was trained on (rows: FluidR3, v1, v2):", "real vs decoded", "real_vs_decoded"),
        ("A long note: the piano held 8 s then released (v1 froze after 3 s):", "long note", "long_note"),
        ("A vibrato note: the violin at C4, its lowest partials and the pitch contour:", "vibrato note", "vibrato_note"),
        ("A detuned layer: the saw lead at C4, partials 3 and 5 in one 2.5 s window (two lines a few cents apart) and"
         " partial 5's level beating:", "detuned layer note", "layer_note"),
        ("Attacks: the first 40 ms at C4 (dotted: v2 without its onset burst, the `transient` output):", "attacks", "attacks"),
    ] + CODE_PICTURES) + [
        "## Limits",
        "",
        "* One soundfont's timbres (FluidR3), rendered dry.",
        "* The onset transient (`transient` output, docs/SYNTH.md) is a noise burst measured above 750 Hz only (a",
        "  2.7 ms window cannot tell the bands below apart) and only where the real note stands 3 dB over the",
        "  resynthesis of its frame targets: it can add a strike, not take away an early start. A plucked note",
        "  whose frames start too soon (the guitar's -40 dB point) keeps that. The Details list each attack.",
        "* The analysis windows (4-16 periods) straddle note-off as they straddle note-on, so a release that ends within",
        "  a few ms is read a few ms slower than it is (the clarinet's 10 ms decodes in 15; frames are kept 0.3 s past",
        "  every note-off, silent ones included, so it is no longer 160).",
        "* Sparse spectra: the drawbar organ's upper partials between its drawbars (harmonics 14-16) come out 15-20 dB",
        "  under the real ones, so harmonics 13 and 19, as loud as the real ones, count as spikes in the table.",
        "* The decoded notes are further from the real ones than their own training targets (the targets check).",
        "* Every figure above is in `evaluation.json`, with each note evaluated.",
        "",
    ]
    write_card_text(out, lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", help="v2 training run (checkpoint.pt) or the exported package")
    ap.add_argument("--v1", default=None)
    ap.add_argument("--out", required=True)
    ap.add_argument("--cache", default=os.path.join(os.path.dirname(__file__), "..", ".data-eval"))
    ap.add_argument("--card-only", action="store_true")
    args = ap.parse_args()
    if not args.card_only:
        decoders, codes, raw, _ = ev.load_models(args.run, args.v1)
        pictures(decoders, codes, raw, args.out, args.cache)
    write_card(args.out)


if __name__ == "__main__":
    main()

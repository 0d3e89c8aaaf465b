"""Pictures and the model card (README.md) of a model package, from evaluate.py's metrics.json.

    python3 models/pipeline/make_card.py --out models/hpn-v1   # rewrite README.md from metrics.json (+ bench.json)
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import hpn_synth  # noqa: E402

SR = 48000


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def spectrogram_db(x):
    from evaluate import stft_mag
    mag = stft_mag(x, 2048, 256)[:, :int(12000 / (SR / 2048))]
    db = 20 * np.log10(mag / (mag.max() + 1e-12) + 1e-12)
    return np.maximum(db, -80).T


def pictures(model, codes, data, programs, out, decode_note, render):
    import torch
    plt = _plt()
    img = os.path.join(out, "images")
    os.makedirs(img, exist_ok=True)
    # 1. Real vs decoded, held-out pitch.
    show = [p for p in (73, 0, 42, 56, 24, 19) if p in programs][:4]
    fig, axes = plt.subplots(2, len(show), figsize=(3.2 * len(show), 5.5), sharey=True)
    for col, p in enumerate(show):
        notes = [n for n in data.notes if n["program"] == p and n["split"] == "test" and n["velocity"] == 100]
        note = sorted(notes, key=lambda n: abs(n["pitch"] - 62))[0]
        real = data.audio[note["row"]].astype(np.float64) / 32768
        dec = decode_note(model, codes[data.index_of_program[p]], note["pitch"], 100, data.hold_s)
        for row, (x, label) in enumerate(((real, "FluidR3 (real)"), (dec, "decoded"))):
            ax = axes[row, col]
            ax.imshow(spectrogram_db(x), origin="lower", aspect="auto", cmap="magma", extent=[0, len(x) / SR, 0, 12])
            ax.set_title(f"{note['name']} {label}\nMIDI {note['pitch']} (held out)" if row == 0 else label, fontsize=8)
            ax.set_xlabel("s", fontsize=7)
            if col == 0:
                ax.set_ylabel("kHz", fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "real_vs_decoded.png"), dpi=90)
    plt.close(fig)

    # 2. Map of the instrument codes (PCA).
    family_of = {n["program"]: n["family"] for n in data.notes}
    name_of = {n["program"]: n["name"] for n in data.notes}
    latent_map(plt, codes, programs, family_of.get, name_of.get, "Instrument codes, first two principal components",
               os.path.join(img, "latent_map.png"), dpi=90)

    # 3. Interpolation sweep: one held note while z moves Flute -> Cello -> Trumpet.
    path = [p for p in (73, 42, 56) if p in programs]
    frames = 4 * hpn_synth.FRAME_RATE
    t = np.arange(frames + 1) / hpn_synth.FRAME_RATE
    w = np.clip(t / 3.6, 0, 1) * (len(path) - 1)
    seg = np.minimum(w.astype(int), len(path) - 2)
    frac = (w - seg)[:, None]
    za = codes[[data.index_of_program[path[s]] for s in seg]]
    zb = codes[[data.index_of_program[path[s + 1]] for s in seg]]
    z = (1 - frac) * za + frac * zb
    col = lambda a: torch.tensor(np.asarray(a, dtype=np.float32))[:, None]  # noqa: E731
    with torch.no_grad():
        harm, noise = model.decoder(torch.tensor(z, dtype=torch.float32), col(np.full(frames + 1, 261.63)),
                                    col(np.full(frames + 1, 0.8)), col(np.minimum(t, 1.0)), col(np.full(frames + 1, -1.0)))
    sweep = render(261.63, harm.numpy(), noise.numpy())
    fig, ax = plt.subplots(figsize=(9, 3.5))
    ax.imshow(spectrogram_db(sweep), origin="lower", aspect="auto", cmap="magma", extent=[0, len(sweep) / SR, 0, 12])
    ax.set_title(" -> ".join(name_of[p] for p in path) + " (C4, codes interpolated while the note holds)", fontsize=9)
    ax.set_xlabel("s")
    ax.set_ylabel("kHz")
    fig.tight_layout()
    fig.savefig(os.path.join(img, "interpolation_sweep.png"), dpi=90)
    plt.close(fig)
    write_card(out)


def fmt(v, digits=1):
    return "-" if v is None else f"{v:.{digits}f}"


# Other ways of importing that were measured and not kept (numbers from the runs named; see the model card's history).
VARIANTS_TRIED = [
    "Measured and not kept (mean LSD over the same 16 TimGM6mb instruments from one note, and the count that beats",
    "(a') and the sine; shipped encoder 8.35 dB, 7 of 16): refining the code of the one note (with the earlier 1 s-feature encoder, 8.83 dB alone): 9.02 dB",
    "(pull 4, 150 evaluations) and 9.34 dB (pull 0.5, 300); training the encoder longer, 12,000 steps of 128",
    "notes on a GPU instead of 1,500 of 32: 8.84 and 8.91 dB (two seeds; 6 and 8 of 16), with MuseScore General",
    "Lite notes added: 9.54 and 9.44 dB, with 512 hidden units: 9.41 dB, with a weaker pull to the training",
    "instruments' codes: 9.88 dB. On MuseScore General Lite (used to choose among variants, not to report; counts",
    "here are of instruments where the import is closer than the nearest built-in): the shipped encoder 8.27 dB (13 of",
    "28), the mean code of 8 encoders trained from different seeds 8.31-8.49 dB (10-11), the encoder's code averaged",
    "with a fit-weighted mix of the 5 best-fitting built-in codes 7.97 dB (15), which on TimGM6mb gave 8.56 dB",
    "(8 of 16). The encoder is trained against a frozen decoder whose codes came from the FluidR3 instruments",
    "alone; one note of an instrument it never met is about as well described by the nearest of those as by the",
    "encoder's guess. Training the decoder together with the encoder on more instruments is the next step.",
    "",
    "A second soundfont, MuseScore General Lite (Debian's musescore-general-soundfont-small, 28 programs, same",
    "method, `--data models/.data-musescore`): from one note the import beats (a') and the sine for 11 of 28 (mean LSD",
    "8.27 dB against 8.61 for the nearest built-in), from three notes for 11 of 28 (8.25 against 7.87). That",
    "soundfont shares many samples with FluidR3: the best-fitting built-in was FluidR3's instrument of the same",
    "name for 10 programs from one note and 16 from three, and there the import won 0 and 2 times. On the other",
    "programs it won 11 of 18 from one note and 9 of 12 from three.",
]


def import_section(out, manifest):
    """The sound encoder (issue: bring your own sound) and its measurement on another soundfont."""
    e = manifest.get("encoder")
    if e is None:
        return []
    v2 = manifest.get("formatVersion", 1) >= 2
    outputs = ("harmonic, sub-partial and\nnoise outputs at the stretched partials' frequencies, with tremolo's mean power; vibrato ignored"
               if v2 else "harmonic and\nnoise outputs")
    package = f"models/{manifest['name']}"
    lines = [
        "",
        "## Sound encoder: importing your own sounds",
        "",
        f"`encoder.onnx` ({e['parameters']} parameters) maps a recorded note to a code: its input is the note's band",
        f"powers ({e['features']['bands']} mel bands {e['features']['lowHz']:.0f} Hz-{e['features']['highHz'] / 1000:.0f} kHz,"
        f" {e['features']['frames']} frames of {e['features']['hop'] / 48:.0f} ms: the first {e['features']['frames'] * e['features']['hop'] / 48000:.0f} s) and its pitch; pooled over",
        "attack, early, middle and late parts, an MLP gives z. It is trained against the frozen decoder: the",
        f"code it gives for one note must decode (band powers predicted from the decoder's {outputs},",
        "no audio rendering) to that instrument's notes at other pitches and velocities",
        "(`models/pipeline/train_encoder.py`, `encoder.py`; only notes held for the 3 s the features cover)."
        " Given {0} or more notes, `nsynthbox import` then".format(e['fit']['refineMinNotes']),
        f"refines the code with a Nelder-Mead search ({e['fit']['refineEvaluations']} evaluations, pulled towards the encoder's code by"
        f" {e['fit']['refinePull']} dB per unit squared) so that it fits all the recordings at their pitches (`refine.py`; the C# runtime",
        "does the same, and its features, codes and fit distances are tested against this pipeline's). From a single note it",
        "keeps the encoder's code: refining one note fitted that note better but made the other pitches worse (below).",
        f"Encoder training: {e['training']['steps']} steps on {e['training']['soundfont']}.",
    ]
    path = os.path.join(out, "import_metrics.json")
    if not os.path.exists(path):
        return lines + ["", "No import measurement yet (`evaluate_import.py`)."]
    metrics = json.load(open(path))
    m = metrics["summary"]
    wins = [r["name"] for r in metrics["instruments"] if r["beats_both"]]

    def row(label, value):  # a column evaluate_import.py --targets-only did not measure is left out
        return [] if value is None else [f"| {label} | {value:.2f} |"]
    lines += [
        "",
        f"Measured on instruments the model never saw: {m['instruments']} programs of `{os.path.basename(m['soundfont'])}`"
        " (Debian's timgm6mb-soundfont). For each, one note near middle C (velocity 100) is imported and the",
        "instrument's other pitches within an octave (the 4 nearest) are decoded from the imported code and",
        "compared with that soundfont's real notes (LSD as above, whole 4 s notes):",
        "",
        "| code used | mean LSD (dB) |",
        "|---|---|",
        f"| imported from one note | **{m['lsd_import']:.2f}** |",
        *row("(a) built-in instrument whose code is nearest the imported code", m["lsd_nearest_code"]),
        *row("(a') built-in instrument that fits the imported note best (stricter)", m["lsd_nearest"]),
        *row("FluidR3 instrument of the same GM program (for information)", m["lsd_same_program"]),
        *row("sine baseline", m["lsd_sine"]),
        "",
        ("" if m["beats_both_code"] is None else
         f"From one note, importing beats both the built-in code nearest the imported code (a) and the sine baseline for"
         f" **{m['beats_both_code']} of {m['instruments']}** instruments. ") +
        "Against the stricter baseline (a'), the"
        " built-in instrument chosen for fitting the imported note best (what a user picking the closest preset by ear"
        f" would do), it wins for **{m['beats_both']} of {m['instruments']}** ({', '.join(wins)}). Per instrument:"
        " `import_metrics.json`. Command:"
        f" `python3 models/pipeline/evaluate_import.py --package {package} --data models/.data-timgm --pitches 4 --out {package}`"
        " after rendering the notes with `render_dataset.py --soundfont /usr/share/sounds/sf2/TimGM6mb.sf2 --out models/.data-timgm"
        " --programs $(seq -s, 0 7 111)`.",
    ]
    path3 = os.path.join(out, "import_metrics_3notes.json")
    if os.path.exists(path3):
        m3 = json.load(open(path3))["summary"]
        lines += [
            "",
            "Imported from three notes (the one near middle C and the notes nearest an octave below and above it that are",
            "not among the compared pitches; refined together as the box does), compared at the same 4 pitches:",
            "",
            "| code used | mean LSD (dB) |",
            "|---|---|",
            f"| imported from three notes | **{m3['lsd_import']:.2f}** |",
            *row("(a) built-in instrument whose code is nearest the imported code", m3["lsd_nearest_code"]),
            *row("(a') built-in instrument that fits the three notes best", m3["lsd_nearest"]),
            *row("sine baseline", m3["lsd_sine"]),
            "",
            f"From three notes, importing beats (a') and the sine for **{m3['beats_both']} of {m3['instruments']}** instruments"
            + ("" if m3["beats_both_code"] is None else f", and (a) and the sine for {m3['beats_both_code']} of {m3['instruments']}")
            + ". Per instrument: `import_metrics_3notes.json` (`evaluate_import.py ... --notes 3`).",
        ]
    if not v2:  # the variants were measured with v1's decoder
        lines += ["", *VARIANTS_TRIED]
    return lines


def latent_map(plt, codes, programs, family_of, name_of, title, path, dpi):
    """The instrument codes [N, L] on their first two principal components, coloured by family."""
    centred = codes - codes.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    xy = centred @ vt[:2].T
    families = sorted({family_of(p) for p in programs})
    cmap = plt.get_cmap("tab20")
    fig, ax = plt.subplots(figsize=(11, 8))
    for i, p in enumerate(programs):
        ax.scatter(xy[i, 0], xy[i, 1], color=cmap(families.index(family_of(p)) % 20), s=25)
        ax.annotate(name_of(p), xy[i], fontsize=6, alpha=0.8)
    for f in families:
        ax.scatter([], [], color=cmap(families.index(f) % 20), label=f)
    ax.legend(fontsize=7, loc="best")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)


def write_card_text(out, lines):
    """OUT/README.md from its lines, written atomically (a stopped run leaves the old card, not half a new one)."""
    with open(os.path.join(out, "README.md.tmp"), "w") as f:
        f.write("\n".join(lines))
    os.replace(os.path.join(out, "README.md.tmp"), os.path.join(out, "README.md"))


# The pictures every card shows: (caption, alt text, file name in images/).
CODE_PICTURES = [("The instrument codes (first two principal components):", "latent map", "latent_map"),
                 ("Interpolating codes while a note holds:", "interpolation sweep", "interpolation_sweep")]


def picture_lines(pictures):
    """The card's Pictures section: each caption, then its image from images/."""
    lines = ["## Pictures", ""]
    for caption, alt, name in pictures:
        lines += [caption, "", f"![{alt}](images/{name}.png)", ""]
    return lines


def write_card(out):
    with open(os.path.join(out, "metrics.json")) as f:
        metrics = json.load(f)
    s = metrics["summary"]
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    bench_path = os.path.join(out, "bench.json")
    bench = json.load(open(bench_path)) if os.path.exists(bench_path) else None
    o = s["overall"]
    lines = [
        f"# Model card: {manifest['name']} {manifest['version']}",
        "",
        "A harmonic-plus-noise neural decoder for NSynthBox. Once per control frame (200 Hz) it maps a",
        f"latent timbre code z ({manifest['latentSize']} numbers), pitch (f0 in Hz), velocity and the note's time since",
        "onset and release to the parameters of the synthesizer in `docs/SYNTH.md`: 96 harmonic",
        "amplitudes (harmonics above 24 kHz are masked, so they reach Nyquist at 48 kHz for notes from",
        "250 Hz up; below that the top of the spectrum comes from the noise bands) and 24 noise band",
        "gains. Pitch comes from the conditioning, so notes are in tune by construction. Each of the",
        f"{len(manifest['instruments'])} instruments is a point (a code) in the latent space, learned jointly with the decoder",
        "(an auto-decoder); the box blends the four corner codes bilinearly at the finger's position.",
        "",
        "## Data",
        "",
        "`python3 models/pipeline/render_dataset.py --out models/.data` renders, with fluidsynth and",
        "Debian's FluidR3_GM.sf2 (reverb and chorus off), GM programs 0-111 (the 16 percussive and",
        "sound-effect programs 112-127 are left out: no stable pitch), every 3 semitones across each",
        "instrument's range (`gm.py`), velocities 40, 70, 100, 127, 3 s held + 1 s release, mono 48 kHz:",
        "7952 notes (about 3 GB, not committed, deterministic). Held out (never trained on): every",
        "fourth pitch of the grid and velocity 70 (4533 training notes).",
        "",
        "## Training",
        "",
        "`python3 models/pipeline/train.py --data models/.data --run models/.runs/hpn-v1 --steps 5000`",
        "",
        "CPU only (2 cores), batches of 16 random 0.4 s crops (30 % from the onset), multi-scale",
        "spectral loss (FFT 4096..128, linear and log magnitudes) through the differentiable",
        "synthesizer, Adam with cosine decay. Checkpoints every 100 steps; the same command resumes.",
        f"This package: {s['training_steps']} of the 5000 planned steps (about 70 minutes on 2 shared CPU cores; stopped for time,"
        " the same command resumes from the checkpoint). Export: `python3 models/pipeline/export.py --run models/.runs/hpn-v1 --out models/hpn-v1`.",
        "Evaluation (this card): `python3 models/pipeline/evaluate.py --run models/.runs/hpn-v1 --data models/.data --out models/hpn-v1`.",
        "",
        "## Metrics (held-out notes, decoded vs the soundfont's own rendering)",
        "",
        f"{s['notes']} notes from {s['instruments']} instruments: per instrument one held-out pitch at velocity 100 and one",
        "training pitch at the held-out velocity 70. Log-spectral distance (LSD): peak-normalised log",
        "spectra, 2048/512 STFT up to 12 kHz, frames within 60 dB of the loudest, floor -80 dB.",
        "Multi-scale spectral distance (MSS): the training loss. Oracle: harmonic+noise analysis of the",
        "real note resynthesised through the same synthesizer. Baseline: a sine at the right pitch",
        "with the note's loudness envelope. Lower is better.",
        "",
        "| family | LSD model (dB) | LSD oracle | LSD sine | MSS model | MSS oracle | MSS sine |",
        "|---|---|---|---|---|---|---|",
    ]
    for fam, m in s["by_family"].items():
        lines.append(f"| {fam} | {fmt(m['lsd_model'])} | {fmt(m['lsd_oracle'])} | {fmt(m['lsd_baseline'])} | "
                     f"{fmt(m['mss_model'], 2)} | {fmt(m['mss_oracle'], 2)} | {fmt(m['mss_baseline'], 2)} |")
    lines.append(f"| **all** | **{fmt(o['lsd_model'])}** | **{fmt(o['lsd_oracle'])}** | **{fmt(o['lsd_baseline'])}** | "
                 f"**{fmt(o['mss_model'], 2)}** | **{fmt(o['mss_oracle'], 2)}** | **{fmt(o['mss_baseline'], 2)}** |")
    paths = ", ".join(f"{p['from']} -> {p['to']}: {p['max_over_mean']:.2f}" for p in s["interpolation"][:5])
    gap = None
    if o.get("lsd_oracle") is not None:
        gap = (o["lsd_model"] - o["lsd_oracle"]) / (o["lsd_baseline"] - o["lsd_oracle"])
    lines += [
        "",
        f"* Model vs oracle and baseline (LSD): the model closes {fmt(None if gap is None else 100 * (1 - gap), 0)} % of the gap from the sine baseline to the oracle"
        f" (model/baseline = {o['lsd_model'] / o['lsd_baseline']:.2f}).",
        f"* Instrument identity (decoded note nearest, in a spectral+envelope feature space, to its own instrument's real note"
        f" among all instruments' real notes at the same pitch and velocity): {100 * s['identity_per_note']:.0f} % of notes,"
        f" {fmt(None if s['identity_per_instrument_held_out_pitch'] is None else 100 * s['identity_per_instrument_held_out_pitch'], 0)} % of instruments at their held-out pitch (target 90 %: **not met**)."
        f" Its own family: {fmt(100 * s.get('identity_family_per_note', 0), 0)} %. For scale, the oracle resynthesis is identified"
        f" {fmt(None if s.get('identity_oracle_per_note') is None else 100 * s['identity_oracle_per_note'], 0)} % of the time: FluidR3 has near-duplicate"
        " programs (the acoustic pianos, the string ensembles, several pads) that even a perfect analysis cannot tell apart,"
        " but the model is well below the oracle: it blurs instrument-specific spectral detail (more training and capacity are the next step).",
        f"* Pitch: {100 * s['pitch_within_10_cents_model']:.1f} % of decoded notes within 10 cents of the target (target 99 %);"
        f" the soundfont's own notes: {100 * s['pitch_within_10_cents_real']:.1f} %.",
        f"* Interpolation smoothness (33 steps on straight paths between codes, largest spectral step / mean step, target <= 3):"
        f" worst {s['interpolation_worst_max_over_mean']:.2f} over {len(s['interpolation'])} paths"
        f" ({paths}).",
        f"* Decoder cost: {s['decoder']['parameters']} parameters, {s['decoder']['mflops_per_voice_frame']:.3f} MFLOPs per voice-frame"
        f" ({s['decoder']['mflops_per_voice_frame'] * 200:.0f} MFLOP/s per voice at 200 frames/s).",
    ]
    if bench:
        lines.append("* ONNX Runtime on one CPU core (`nsynthbox bench --json`, " + bench.get("machine", "") + "): " +
                     ", ".join(f"{v['voices']} voices: decode {v['decodeRealTime']:.0f}x real time ({1e6 / (200 * v['decodeRealTime']):.0f} us per frame)"
                               for v in bench["voices"]) + ".")
    lines += import_section(out, manifest)
    lines += [
        "",
    ] + picture_lines([("Real (top) and decoded (bottom) notes at held-out pitches:", "real vs decoded", "real_vs_decoded")]
                      + CODE_PICTURES) + [
        "## Limits",
        "",
        "* Trained on one soundfont's rendering: timbres are FluidR3's, and the decoder has seen notes held",
        "  exactly 3 s; held longer, it holds its 3 s state (time since onset is clamped), and a release",
        "  after a shorter hold is a combination it did not see (the engine's ADSR shapes it).",
        "* The time features are decays only, so the decoder cannot reproduce a periodic vibrato or tremolo",
        "  (FluidR3's flute and trumpet have one, see the pictures); the engine's mod wheel adds vibrato.",
        "* Per-instrument numbers are in `metrics.json` (every evaluated note).",
        "",
    ]
    write_card_text(out, lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    write_card(ap.parse_args().out)

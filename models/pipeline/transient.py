"""The onset transient of a note: what its first tens of milliseconds hold that the frame targets do not.

A mallet, a pick, a hammer or a breath puts a short burst into a note's first milliseconds that the
frame-level targets (analysis.py) cannot carry: frame 0 is silent and the synthesizer ramps to frame 1
over 5 ms, so a marimba decoded from them rises in 5-6 ms against the real 1.5 ms, and the click of
the strike is gone. The synthesizer has a control for it (docs/SYNTH.md, "Onset transient"): 24
noise-band gains T_b and a decay tau, latched at note-on, sounding T_b exp(-t / tau) through the
noise bands. This module measures them per note:

1. resynthesise the note's first REFERENCE_S[1] from its own frame targets (harmonics, sub-partials,
   noise, stretch, pitch contour);
2. on short windows (WINDOW samples, hop STEP) take each noise band's mean power per bin in the real
   note and in the resynthesis, the latter times their steady ratio read after the strike (REFERENCE_S);
3. the burst is the run of windows, starting within MAX_START_S, where the real note stands MARGIN over
   that; tau from its excess's mean time (for g^2 exp(-2t/tau) it is tau / 2), and the band gains fitted
   so that the whole noise bank reads the excess energy (the integral of g^2 exp(-2t/tau) is g^2 tau / 2).
   Bands under LOWEST_HZ stay silent.

A note whose start the frames already carry (an organ, a bowed string's slow rise) has no excess and a
silent transient. MARGIN keeps the scatter of two noisy spectra from reading as a burst.
"""
import numpy as np

import analysis
import hpn_synth

SR = analysis.SR
TRANSIENT_S = 0.05
WINDOW = 128           # 2.7 ms: the strike of a marimba is over in 2-3 ms
STEP = 32
MARGIN = 2.0           # the real note's band power over the resynthesis' (3 dB) before any is counted as a burst
REFERENCE_S = (0.06, 0.2)  # after the strike: where the real note's steady ratio to the resynthesis is read
MAX_START_S = 0.003    # a burst starts within this of the note's first sound
LOWEST_HZ = 2 * SR / WINDOW  # bands below the window's main lobe (750 Hz) cannot be told apart in 2.7 ms


def resynthesis(a, pitch, seconds):
    """The reference synthesizer's rendering of a note's frame targets for its first `seconds` (no transient)."""
    frames = int(np.ceil(seconds * hpn_synth.FRAME_RATE)) + 1
    c = analysis.every_frame(a, frames + 1)
    f0 = analysis.midi_hz(pitch) * 2 ** (c["cents"] / 1200) * 2 ** (float(a.get("tuning_cents", 0.0)) / 1200)
    y = hpn_synth.render_reference(f0, c["harm_db"], c["noise_db"], sr=SR, sub=c["sub_db"],
                                   stretch=np.full(len(f0), float(a["stretch"])))
    return y[:int(seconds * SR)]


FIT_ROUNDS = 4

_BANK = {}


def windowed_bank():
    """The synthesizer's own noise bank (half a second) cut into the short Hann windows: [T, WINDOW, BANDS]."""
    if "frames" not in _BANK:
        n = SR // 2
        bank = hpn_synth.noise_bank(n, SR)
        starts = np.arange(0, n - WINDOW, WINDOW // 2)
        window = np.hanning(WINDOW + 2)[1:-1]
        _BANK["frames"] = bank[starts[:, None] + np.arange(WINDOW)[None, :]] * window[None, :, None]
    return _BANK["frames"]


def unit_band_spectra():
    """Each unit noise band's mean power per bin through the short window [bins, BANDS], measured on the
    noise bank itself (a band narrower than a bin, the low ones, is spread over several by the window: its
    response at the bin centres alone read it 20-30 dB low and its gains as high)."""
    if "unit" not in _BANK:
        _BANK["unit"] = (np.abs(np.fft.rfft(windowed_bank(), WINDOW, axis=1)) ** 2).mean(axis=0)
    return _BANK["unit"]


def band_weights():
    """Each band's bins weighted by its share of the band's power [bins, BANDS], and each unit band's own
    mean power per bin under that weighting [BANDS]."""
    unit = unit_band_spectra()
    total = unit.sum(axis=0)
    weight = unit / np.maximum(total, 1e-30)
    density = np.where(total > 0, (unit * weight).sum(axis=0), 0.0)
    return weight, density


def noise_reading(gains):
    """What band_power reads, on average, from the synthesizer's noise with these band gains [BANDS]."""
    frames = windowed_bank() @ gains
    return ((np.abs(np.fft.rfft(frames, WINDOW, axis=1)) ** 2) @ band_weights()[0]).mean(axis=0)


def fit_gains(level, usable):
    """Band gains whose noise reads `level` (mean power per bin, per band) in the short windows. Every
    band is fed by one noise and neighbours overlap, so they add as amplitudes: each band's level over
    its unit density alone made a broadband click 10-17 dB too loud. A few rounds of scaling each band
    by the square root of what it should read over what the whole bank reads there."""
    _, density = band_weights()
    gains = np.where(usable, np.sqrt(level / np.maximum(density, 1e-30)), 0.0)
    for _ in range(FIT_ROUNDS):
        reading = noise_reading(gains)
        gains = np.where(usable & (reading > 0), gains * np.sqrt(level / np.maximum(reading, 1e-30)), 0.0)
    return gains


def band_power(x, centres):
    """Mean power per bin of each noise band in short windows at the centres [T, BANDS]."""
    mag, _, n_fft = analysis.windowed_spectra(x, centres, WINDOW, pad=1)
    assert n_fft == WINDOW
    return (mag ** 2) @ band_weights()[0]


def measure(x, y):
    """(gains [BANDS], tau seconds) of the burst that x (the real note) has over y (its resynthesis),
    both from the note's first sample. The resynthesis of a chorused or detuned sound sits a few dB
    under the real note all along (partials the analysis does not model): that steady ratio, read
    after the strike, is taken out first, so only what the first milliseconds add counts."""
    n = min(len(x), len(y))
    # Windows from the first that holds any of the note (silence before it, as before note-on), so
    # that their readings sum to the burst's energy and their mean time is tau / 2 (windows from the
    # first wholly inside the note read a 3 ms click as 5 ms and 7 dB quieter).
    lead = WINDOW // 2
    x, y = np.concatenate([np.zeros(lead), x[:n]]), np.concatenate([np.zeros(lead), y[:n]])
    early = np.arange(STEP, lead + min(n, int(TRANSIENT_S * SR)) - WINDOW // 2, STEP)
    late = lead + np.arange(int(REFERENCE_S[0] * SR), min(n, int(REFERENCE_S[1] * SR)) - WINDOW // 2, STEP)
    silent = np.zeros(analysis.BANDS), hpn_synth.TRANSIENT_MIN_S
    if len(early) < 2:
        return silent
    bx, by = band_power(x, early), band_power(y, early)
    ratio = np.ones(analysis.BANDS)
    if len(late) >= 4:
        lx, ly = band_power(x, late).sum(axis=0), band_power(y, late).sum(axis=0)
        ratio = np.where(ly > 0, np.clip(lx / np.maximum(ly, 1e-30), 1.0, 1e6), 1.0)
    _, density = band_weights()
    usable = (density > 0) & (np.array(hpn_synth.noise_band_centres()) >= LOWEST_HZ)
    expected = ratio * by
    # The burst is the run of windows from the note's first where the real note stands clear of the
    # resynthesis; after it, the two cross back and forth by a few dB (partials beating in 2.7 ms
    # windows), and that scatter counted as a burst drew a 50 ms hiss under every note.
    # It may start a little after the first window: a marimba's first half millisecond is quieter
    # than the synthesizer's ramp.
    over = (bx[:, usable].sum(axis=1) > MARGIN * expected[:, usable].sum(axis=1))
    starts = np.flatnonzero(over[:int(MAX_START_S * SR / STEP) + 1])
    if not len(starts):
        return silent
    first = int(starts[0])
    run = first + (int(np.argmin(over[first:])) if not over[first:].all() else len(over) - first)
    excess = np.where(usable, np.maximum(bx[first:run] - expected[first:run], 0.0), 0.0)   # [run, BANDS]
    energy = excess.sum(axis=1)
    t = (early[first:run] - lead) / SR
    tau = float(np.clip(2 * (t * energy).sum() / energy.sum(), hpn_synth.TRANSIENT_MIN_S, hpn_synth.TRANSIENT_MAX_S))
    # A burst G exp(-t / tau) has the energy of G^2 held for tau / 2.
    return fit_gains(excess.sum(axis=0) * (STEP / SR) / (tau / 2), usable), tau


def analyse_transient(x, a, pitch):
    """Transient of one note: x its audio from the analysis' frame 0 (the lead-in cut: x[onset_sample:]),
    a its analyse_note targets. Returns {"transient_db": [BANDS] float16, "transient_tau": float32}."""
    y = resynthesis(a, pitch, REFERENCE_S[1])
    gains, tau = measure(np.asarray(x, dtype=np.float64), y)
    return {"transient_db": analysis.db(gains).astype(np.float16), "transient_tau": np.float32(tau)}

"""Frame-level analysis of a rendered note into the synthesizer's controls: model v2's training targets.

Training against these targets (train_frames.py) costs one decoder pass per frame instead of an
audio render and six STFTs per crop. For one note (mono float audio, its MIDI pitch and hold):

* **Pitch and stretch.** Partial frequencies measured on a long window early in the note give
  the tuning and the inharmonicity B (f_k = k f0 sqrt(1 + B k^2), fitted where 6+ partials stand
  out); then each frame's f0 deviation (cents) from the strongest low partials. A fitted B is kept
  only where the spectrum has its partials at the stretched positions rather than at the harmonic
  ones (stretch_explains, STRETCH_RULE 2): a choir's or an ensemble's partials are clusters 80 cents
  wide, and the fit, widening from 6 to 96 partials, walked from cluster to cluster to B = 6e-4 at
  C2 (partial 33 drawn at 41 f0: a bell where the choir sings).
* **Harmonics** (96) and **sub-partials** (8, at (i - 0.5) f0): peak magnitudes of a Hann STFT
  four periods long (so a partial's window null falls on its neighbours and on the sub-partials
  between them), zero-padded twice, log-parabolic peak interpolation.
* **Noise** (24 bands): the power between all partials (midpoints of the sorted partial list)
  of a Blackman-Harris STFT sixteen periods long, over the unit noise bands' summed power there
  (they add as amplitudes: one noise feeds them all), averaged per band in the log domain (a
  partial's skirt at a few points does not lift the band; check_targets.py measures the effect);
  then the band gains are fitted so that the noise they make together matches the log power at
  the points (a quiet band beside a loud one is no longer read from the loud one's skirt).
* **Attack.** In the first 0.12 s, harmonics and noise are rescaled by the ratio of a short
  window's power (one period, at least 10 ms) to the long window's, so a 5 ms strike is not
  smeared over a 20-80 ms analysis window. Frames whose noise window holds the note's start (the
  partials switching on leak between them) take the noise of the first clear frame, moved with
  the short window's level. Frame 0, at note-on, is silent: the synthesizer ramps from it.
* **Vibrato and tremolo.** The f0 deviation and the harmonic level, detrended, at the strongest
  rate between 3 and 10 Hz: rate per note, depth per frame (cents; tremolo as the fraction d of
  amplitude x (1 + d sin)). Where there is tremolo the harmonic targets are smoothed over one
  period, so the decoder learns the mean and the LFO draws the wobble.

* **Detuned layer** (per note, detuned_layer): two copies of the partials a few cents apart (a saw
  lead's detuned oscillators) show, in one long window over the sustain, as two lines beside every
  partial the same number of cents apart. Where the strong partials agree on that distance, its
  cents and the weaker line's level relative to the stronger are the synthesizer's layer detune and
  gain; a vibrato's sidebands or a section's cluster (more than two lines within 12 dB of the
  strongest, or no agreement) read as no layer, as do beats slower than LAYER_MIN_CENTS. Notes too short for the window read NaN (not trained on).

Frames are the synthesizer's parameter frames (200 Hz, frame i at sample 240 i). To keep the
targets small, every frame is kept in the first 0.3 s after onset and after release and every
4th frame elsewhere, up to where the note has fallen 90 dB below its peak.
"""
import math

import numpy as np
from scipy.fft import next_fast_len, rfft
from scipy.ndimage import uniform_filter1d

import hpn_synth

SR = 48000
HOP = SR // hpn_synth.FRAME_RATE
K = hpn_synth.HARMONICS
SUBS = 8
BANDS = hpn_synth.NOISE_BANDS
FLOOR_DB = -120.0
DENSE_S = 0.3          # every frame kept this long after onset and after release
SPARSE_STEP = 8        # elsewhere every 8th frame (40 ms)
ATTACK_S = 0.12        # short-window level correction applies this long after onset
END_DB = -90.0         # a note ends where its frame level falls this far below its peak
ONSET_DB = -80.0       # a note starts at its first sample this far below its loudest
MAX_ONSET_S = 0.02     # at most this much lead-in is cut
VIBRATO_HZ = (3.0, 10.0)
DEFAULT_RATE_HZ = 5.5
MIN_VIBRATO_CENTS = 2.0
MIN_TREMOLO_DB = 0.5  # peak deviation of the level, dB
VIBRATO_RULE = 2  # 2: a clear pitch wobble counts alone (modulation); targets without it are updated
STRETCH_RULE = 2  # 2: a fitted B must explain the spectrum (stretch_explains); targets without it are updated
EULER_GAMMA = 0.5772156649
FIT_STEPS = 150       # Adam steps of the noise band fit (from the band averages)
PRIOR = 0.3          # its pull towards the band averages (per band, squared nepers) against the mean squared log error
LAYER_WINDOW_S = (0.25, 2.75)  # the sustain's window for the detuned layer, s after the note's start
LAYER_MIN_S = 0.9      # shorter notes: a 12-cent layer at C4 is 1.8 Hz from partial 1, 7.3 Hz from partial 4
LAYER_APART = 2.5      # two lines count as two when this many 1/window apart (the Hann main lobe is 2 wide)
LAYER_HARMONICS = 24
LAYER_REACH_CENTS = 60.0
LAYER_STRONG_DB = 30.0     # partials read: within this of the loudest
LAYER_PROMINENCE_DB = 3.0
LAYER_WEAKEST_DB = 12.0    # a second line further below the first is a sidelobe or noise, not a layer
LAYER_MIN_PARTIALS = 4
LAYER_AGREE = 0.2          # the partials' distances in cents agree within this relative median deviation
# Slower beats read as no layer: FluidR3's clarinet (2.4 cents) and a piano's unison strings (1 cent) read
# so, and a decoded layer there, beating at its own phase, moved hpn-v2 1.5.0's notes away from the real
# ones (log-spectral distance at C4: clarinet 5.83 -> 6.19 dB, piano 6.02 -> 6.15); the saw lead's 7.6
# cents brought it from the trumpet's neighbourhood to its own (12.90 -> 10.30, trumpet 14.74).
LAYER_MIN_CENTS = 4.0
UNIFORM_STEP = SPARSE_STEP  # the vibrato analysis runs on frames i % 8 == 0 (25 Hz)


def midi_hz(pitch):
    return 440.0 * 2 ** ((pitch - 69) / 12)


def db(x):
    return np.maximum(20 * np.log10(np.maximum(x, 1e-30)), FLOOR_DB)


def every_frame(a, frames):
    """The analysis' controls as linear amplitudes on frames 0..frames-1 (interpolated between kept frames)."""
    out = {}
    for key in ("harm_db", "noise_db", "sub_db"):
        v = np.asarray(a[key], dtype=np.float64)
        lin = np.where(v <= FLOOR_DB + 1, 0.0, 10 ** (v / 20))
        out[key] = np.stack([np.interp(np.arange(frames), a["frames"], lin[:, j], right=0.0) for j in range(v.shape[1])], axis=1)
    out["cents"] = np.interp(np.arange(frames), a["frames"], np.asarray(a["cents"], dtype=np.float64))
    return out


def kept_frames(total_frames, hold_s):
    i = np.arange(total_frames)
    t = i / hpn_synth.FRAME_RATE
    keep = (i % SPARSE_STEP == 0) | (t < DENSE_S) | ((t >= hold_s) & (t < hold_s + DENSE_S))
    return i[keep]


def blackman_harris(n):
    t = 2 * np.pi * (np.arange(n) + 0.5) / n
    return 0.35875 - 0.48829 * np.cos(t) + 0.14128 * np.cos(2 * t) - 0.01168 * np.cos(3 * t)


def windowed_spectra(x, centres, n, pad=2, window=None):
    """|rfft| of windows (Hann unless given) of length n centred on the given samples: [len(centres), bins], the window, the FFT size."""
    window = np.hanning(n + 2)[1:-1] if window is None else window
    n_fft = next_fast_len(pad * n)
    half = n // 2
    padded = np.pad(x, (half, n - half))
    idx = centres[:, None] + np.arange(n)[None, :]
    return np.abs(rfft(padded[idx] * window, n_fft, axis=1)), window, n_fft


def peak_at(mag, n_fft, freqs, radius_hz):
    """Log-parabolic peak (magnitude, frequency) of each frame's spectrum near freqs [F, P], searched within radius_hz [P]."""
    bin_hz = SR / n_fft
    r = np.maximum(np.round(np.asarray(radius_hz) / bin_hz), 1).astype(int)
    offsets = np.arange(-int(r.max()), int(r.max()) + 1)
    idx = np.clip(np.round(freqs / bin_hz).astype(int)[..., None] + offsets, 1, mag.shape[1] - 2)
    rows = np.arange(mag.shape[0])[:, None]
    vals = np.where(np.abs(offsets) <= r[:, None], mag[rows[..., None], idx], -1.0)
    best = np.take_along_axis(idx, vals.argmax(axis=-1)[..., None], axis=-1)[..., 0]
    a, b, c = (np.log(mag[rows, best + d] + 1e-30) for d in (-1, 0, 1))
    denom = a - 2 * b + c
    shift = np.clip(np.where(denom < -1e-12, 0.5 * (a - c) / np.where(denom < -1e-12, denom, -1.0), 0.0), -0.5, 0.5)
    return np.exp(b - 0.25 * (a - c) * shift), (best + shift) * bin_hz


def value_at(mag, n_fft, freqs):
    """Magnitude at fractional bins (linear interpolation): [F, P]."""
    pos = np.clip(freqs / (SR / n_fft), 0, mag.shape[1] - 2)
    lo = np.floor(pos).astype(int)
    frac = pos - lo
    rows = np.arange(mag.shape[0])[:, None]
    return mag[rows, lo] * (1 - frac) + mag[rows, lo + 1] * frac


def detuned_layer(x, pitch, hold_s):
    """(detune cents, gain) of the note's detuned layer (docs/SYNTH.md), (0, 0) where it has none, NaN
    where the sustain is shorter than LAYER_MIN_S. x starts at the note-on, as analyse_note's input."""
    from scipy.signal import find_peaks
    delay = onset_sample(x)
    x = x[delay:]
    start, end = LAYER_WINDOW_S[0], min(hold_s - delay / SR - 0.05, LAYER_WINDOW_S[1])
    if end - start < LAYER_MIN_S:
        return float("nan"), float("nan")
    f0 = midi_hz(pitch)
    tuning, b = fit_stretch(x, f0)
    f0 *= tuning
    seg = np.asarray(x[int(start * SR):int(end * SR)], dtype=np.float64)
    n = len(seg)
    n_fft = next_fast_len(4 * n)
    spec = 20 * np.log10(np.abs(rfft(seg * np.hanning(n), n_fft)) + 1e-12)
    hz_per_bin = SR / n_fft
    apart_hz = LAYER_APART * SR / n  # two lines closer than this are one window's main lobe (2 sr / n)
    k = np.arange(1, LAYER_HARMONICS + 1)
    fk = k * f0 * np.sqrt(1 + b * k * k)
    k, fk = k[fk < 0.45 * SR], fk[fk < 0.45 * SR]
    reach = np.minimum(fk * (2 ** (LAYER_REACH_CENTS / 1200) - 1), 0.4 * f0)
    lo = np.maximum(((fk - reach) / hz_per_bin).astype(int), 0)
    hi = ((fk + reach) / hz_per_bin).astype(int) + 1
    level = np.array([spec[a:z].max() for a, z in zip(lo, hi)])
    cents, hz, gain = [], [], []
    for a, z, lvl in zip(lo, hi, level):
        if lvl < level.max() - LAYER_STRONG_DB:
            continue
        s = spec[a:z]
        peaks, _ = find_peaks(s, prominence=LAYER_PROMINENCE_DB)
        peaks = peaks[np.argsort(s[peaks])[::-1]]
        if len(peaks) < 2:
            continue
        first = peaks[0]
        apart = peaks[np.abs(peaks - first) * hz_per_bin >= apart_hz]
        if not len(apart) or s[apart[0]] < s[first] - LAYER_WEAKEST_DB:
            continue
        # Exactly two lines: a vibrato's sidebands (evenly spaced by its rate; the strongest at the pitch's
        # extremes, the same cents apart on every partial) or a section's cluster make more.
        others = apart[1:]
        if len(others) and s[others[0]] >= s[first] - LAYER_WEAKEST_DB:
            continue
        f1, f2 = (a + first) * hz_per_bin, (a + apart[0]) * hz_per_bin
        cents.append(abs(1200 * math.log2(f2 / f1)))
        hz.append(abs(f2 - f1))
        gain.append(10 ** ((s[apart[0]] - s[first]) / 20))
    if len(cents) < LAYER_MIN_PARTIALS:
        return 0.0, 0.0
    spread = lambda v: float(np.median(np.abs(v - np.median(v))) / np.median(v))  # noqa: E731
    cents_spread, detune = spread(np.array(cents)), float(np.median(cents))
    if cents_spread > LAYER_AGREE or cents_spread >= spread(np.array(hz)) or detune < LAYER_MIN_CENTS:
        return 0.0, 0.0
    return min(detune, hpn_synth.MAX_LAYER_CENTS), float(np.median(gain))


def fit_stretch(x, f0):
    """(tuning factor, B) from partial peaks of a long window 0.05-0.6 s into the note."""
    start, n = int(0.05 * SR), min(len(x) - int(0.05 * SR), 16384)
    if n < 4096:
        return 1.0, 0.0
    mag, window, n_fft = windowed_spectra(x, np.array([start + n // 2]), n, pad=4)
    k = np.arange(1, K + 1)
    tuning, b = 1.0, 0.0
    for highest in (6, 12, 24, 48, 96):  # widen the fit: positions predicted by the fit so far
        expect = k * f0 * tuning * np.sqrt(1 + b * k * k)
        ok = (expect < 0.45 * SR) & (k <= highest)
        if ok.sum() < 2:
            break
        peak, freq = peak_at(mag, n_fft, expect[None, ok], np.full(ok.sum(), 0.25 * f0))
        peak, freq = peak[0], freq[0]
        kk = k[ok]
        strong = db(peak) > db(peak.max()) - 50
        if strong.sum() < 6:
            break
        # (f_k / k)^2 = (f0 t)^2 (1 + B k^2): a line in k^2
        y = (freq[strong] / kk[strong]) ** 2
        coef = np.polyfit(kk[strong] ** 2.0, y, 1, w=np.sqrt(peak[strong] / peak.max()))
        if coef[1] <= 0:
            return 1.0, 0.0
        tuning = math.sqrt(coef[1]) / f0
        b = max(coef[0] / coef[1], 0.0)
    if b <= 2e-6 or not stretch_explains(mag, n_fft, f0 * tuning, b):
        return tuning, 0.0
    return tuning, b


def stretch_explains(mag, n_fft, f0, b):
    """Whether the spectrum [1, bins] is louder at the partials' stretched positions than at the harmonic
    ones, over the partials where the two lie more than f0/10 apart and either is within 50 dB of the
    loudest (median of the dB differences >= 0; true where none are, as B then moves nothing).
    Measured on FluidR3 (C2-C4): piano +0.6 to +9.7 dB, choir -8.6 to -10.9, fifths lead (fitted
    B 3e-2) -18, timpani -10."""
    k = np.arange(1, K + 1)
    stretched, harmonic = k * f0 * np.sqrt(1 + b * k * k), k * f0
    audible = stretched < 0.45 * SR
    level = lambda freqs: 20 * np.log10(value_at(mag, n_fft, freqs[None, audible])[0] + 1e-12)  # noqa: E731
    at_stretched, at_harmonic = level(stretched), level(harmonic)
    loudest = max(at_stretched.max(initial=-240.0), at_harmonic.max(initial=-240.0))
    counted = ((stretched - harmonic)[audible] > 0.1 * f0) & (np.maximum(at_stretched, at_harmonic) > loudest - 50)
    if not counted.any():
        return True
    return bool(np.median((at_stretched - at_harmonic)[counted]) >= 0.0)


_UNIT = {}


def band_responses(freqs):
    """Complex response of each noise band's filter at freqs: [P, BANDS] (bands above 0.45 SR are 0)."""
    z = np.exp(-2j * np.pi * np.asarray(freqs) / SR)
    h = np.zeros(np.shape(freqs) + (BANDS,), dtype=complex)
    for b, fc in enumerate(hpn_synth.noise_band_centres()):
        if fc <= 0.45 * SR:
            b0, _, b2, a1, a2 = hpn_synth.band_pass_coefficients(fc, hpn_synth.noise_q(), SR)
            h[..., b] = (b0 + b2 * z * z) / (1 + a1 * z + a2 * z * z)
    return h


def window_noise_power(window):
    """|X|^2 of unit-variance-per-bin noise through this window (cached per length)."""
    key = (len(window),)
    if key not in _UNIT:
        _UNIT[key] = (window ** 2).sum() / 3.0  # xorshift u is uniform in [-1, 1): variance 1/3
    return _UNIT[key]


def unit_band_power(freqs, window):
    """Expected |X(f)|^2 of each unit-gain noise band through this window: [P, BANDS]."""
    return np.abs(band_responses(freqs)) ** 2 * window_noise_power(window)


def fit_band_gains(power, response, start, covered, steps=None, lr=0.05):
    """Band gains [F, BANDS] whose noise, all bands through one source (|sum_b g_b H_b(f)|^2), best
    matches the log power seen at the points [F, P] (plus Euler's gamma: a point of noise scatters
    like an exponential variable): Adam on log g from `start`. response [P, BANDS] is each band's
    complex response there, times the window's noise gain. A band average alone reads a quiet band
    next to a loud one high (the loud band's skirt lights the quiet band's points), so noise that
    falls steeply with frequency (reeds, brass, the organ above 1.5 kHz) came out 5-15 dB too high
    there, and the decoder filled the valleys between partials with hiss."""
    steps = FIT_STEPS if steps is None else steps
    floor = max(power.max(), 1e-30) * 1e-12
    target = np.log(np.maximum(power, floor)) + EULER_GAMMA
    hr, hi = np.where(covered, response.real, 0.0), np.where(covered, response.imag, 0.0)
    theta = np.log(np.maximum(start, 1e-12))
    anchor = theta.copy()
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    for i in range(1, steps + 1):
        g = np.exp(theta) * covered
        a, b = g @ hr.T, g @ hi.T
        pred = a * a + b * b + floor
        r = np.log(pred) - target
        d = 2 * r / pred / r.shape[1]
        # Neighbouring bands overlap, so some mixes of them sound alike: a weak pull towards the
        # band averages picks the one nearest them (smooth targets) without holding up a quiet band.
        grad = ((d * a) @ hr + (d * b) @ hi) * 2 * g + 2 * PRIOR * (theta - anchor) * covered / covered.sum()
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        theta -= lr * (m / (1 - 0.9 ** i)) / (np.sqrt(v / (1 - 0.999 ** i)) + 1e-12)
    return np.exp(theta) * covered


def level_db(x, centres, n):
    window = np.hanning(n + 2)[1:-1]
    half = n // 2
    padded = np.pad(x, (half, n - half))
    idx = centres[:, None] + np.arange(n)[None, :]
    return 10 * np.log10(((padded[idx] * window) ** 2).sum(axis=1) / (window ** 2).sum() + 1e-30)


def band_envelope(signal, rate_hz, step_s, width_hz=1.5):
    """Peak amplitude envelope of signal's component within rate_hz +- width_hz: the band (FFT mask),
    its power averaged over one period, as a sine's peak (sqrt(2) x RMS)."""
    n = len(signal)
    spec = np.fft.rfft(signal - signal.mean())
    f = np.fft.rfftfreq(n, step_s)
    spec[np.abs(f - rate_hz) > width_hz] = 0
    band = np.fft.irfft(spec, n)
    period = max(1, int(round(1.0 / (rate_hz * step_s))))
    return np.sqrt(2 * uniform_filter1d(band ** 2, period, mode="nearest"))


def onset_sample(x):
    """The note's first sample above ONSET_DB re its loudest (at most MAX_ONSET_S in). Every rendered
    note starts 1.35 ms late (fluidsynth's pipeline) and some samples later still (the nylon guitar's
    C4 6 ms, the drawbar organ 4 ms): frames over that silence read a quiet pre-echo from windows that
    reach into the note, and a decoder trained on it starts a pluck 4-6 ms early at -38 dB, doubling
    its rise from -40 to -6 dB."""
    a = np.abs(x)
    if not len(a) or a.max() <= 0:
        return 0
    return int(min(np.argmax(a > a.max() * 10 ** (ONSET_DB / 20)), MAX_ONSET_S * SR))


def modulation(frames, harm, cents, hold_s):
    """Vibrato rate (Hz, per note), depth (cents) and tremolo (fraction) per kept frame, read on the
    25 Hz frames of the sounding part after the attack, and harm with the tremolo's wobble averaged
    out where one is found (the decoder learns the mean level; the LFO draws the wobble). A wobble counts when pitch and level together show a clear peak
    between 3 and 10 Hz, or failing that the pitch alone (then as vibrato only: the level's wobble
    was not regular enough to count). Summed, a bowed note's irregular level fluctuations raised
    the floor that its clear pitch vibrato had to stand above: a fifth of the cello's and violin's
    notes (the cello's D#4 v127 among them, the same sample as D#4 v40, read at 14 cents) were
    trained with none."""
    t = frames / hpn_synth.FRAME_RATE
    rate, depth, trem = DEFAULT_RATE_HZ, np.zeros(len(frames)), np.zeros(len(frames))
    # The held part (or the whole note after a short hold): a release's kink in the level is no wobble.
    until = hold_s if hold_s >= 1.0 else np.inf
    uniform = (frames % UNIFORM_STEP == 0) & (t >= 0.15) & (t <= until)
    level = 10 * np.log10((harm ** 2).sum(axis=1) + 1e-30)
    if uniform.sum() < 20:
        return rate, depth, trem, harm
    step_s = UNIFORM_STEP / hpn_synth.FRAME_RATE
    loud = level[uniform] > level.max() - 40
    dev = np.where(loud, cents[uniform], np.median(cents[uniform][loud]) if loud.any() else 0.0)
    lv = np.where(loud, level[uniform], level[uniform][loud].mean() if loud.any() else 0.0)
    # Slow drifts and decays out (a cubic: a moving average's edges would add a wobble of their own).
    u_t = t[uniform]
    trend = np.polyval(np.polyfit(u_t, lv, 3), u_t)
    dev = dev - np.polyval(np.polyfit(u_t, dev, 3), u_t)
    spec_f = np.fft.rfftfreq(8 * len(dev), step_s)
    band = (spec_f >= VIBRATO_HZ[0]) & (spec_f <= VIBRATO_HZ[1])
    around = (spec_f >= 1.0) & (spec_f <= 15.0)
    sp_pitch = np.abs(np.fft.rfft(dev * np.hanning(len(dev)), 8 * len(dev)))
    sp_level = np.abs(np.fft.rfft((lv - trend) * np.hanning(len(lv)), 8 * len(lv)))
    # A periodic wobble is a clear peak; a decay's beating or a noisy track is not.
    clear = lambda sp: sp[band].max() >= 4 * np.median(sp[around])  # noqa: E731
    combined = sp_pitch / 10.0 + sp_level / 1.0  # 10 cents ~ 1 dB
    if clear(combined):
        rate_found, with_tremolo = float(spec_f[band][combined[band].argmax()]), True
    elif clear(sp_pitch) and VIBRATO_HZ[0] + 0.5 <= spec_f[band][sp_pitch[band].argmax()] <= VIBRATO_HZ[1] - 0.5:
        # (a peak on the band's edge is the slope of a slower drift, not a vibrato)
        rate_found, with_tremolo = float(spec_f[band][sp_pitch[band].argmax()]), False
    else:
        return rate, depth, trem, harm
    d = np.minimum(band_envelope(dev, rate_found, step_s), 200.0)
    a = band_envelope(lv - trend, rate_found, step_s)
    d_typ, a_typ = np.median(d[loud]), (np.median(a[loud]) if with_tremolo else 0.0)
    if d_typ < MIN_VIBRATO_CENTS and a_typ < MIN_TREMOLO_DB:
        return rate, depth, trem, harm
    rate = rate_found
    if d_typ >= MIN_VIBRATO_CENTS:
        depth = np.interp(t, u_t, np.where(loud, np.minimum(d, 2 * d_typ), 0.0)) * (t >= 0.15)
    if a_typ >= MIN_TREMOLO_DB:
        r = 10 ** (2 * np.interp(t, u_t, np.where(loud, np.minimum(a, 2 * a_typ), 0.0)) / 20)
        trem = (r - 1) / (r + 1) * (t >= 0.15)
        period = max(1, int(round(hpn_synth.FRAME_RATE / rate / UNIFORM_STEP)))
        harm = harm.copy()
        harm[uniform] = np.exp(uniform_filter1d(np.log(harm[uniform] + 1e-12), period, axis=0, mode="nearest"))
    return rate, depth, trem, harm


def analyse_note(x, pitch, hold_s):
    """Targets for one note (audio as float, full scale 1): a dict of arrays over its kept frames,
    frame 0 at the note's first sound (onset_sample); "hold_s" is the hold from there."""
    delay = onset_sample(x)
    x = x[delay:]
    hold_s = hold_s - delay / SR
    f0_nominal = midi_hz(pitch)
    total = len(x) // HOP + 1
    # Where the note ends: frame level (10 ms windows) 90 dB below the peak, after note-off; but at
    # least DENSE_S after note-off, so that a note that stops dead (the clarinet: 10 ms) is trained
    # to be silent there instead of never seen after it (its decoded release took 160 ms).
    lvl = level_db(x, np.arange(total) * HOP, 480)
    after = np.nonzero((np.arange(total) / hpn_synth.FRAME_RATE > hold_s) & (lvl < lvl.max() + END_DB))[0]
    end = int(after[0]) + 1 if len(after) else total
    end = max(end, min(total, int(math.ceil((hold_s + DENSE_S) * hpn_synth.FRAME_RATE))))
    frames = kept_frames(end, hold_s)
    centres = frames * HOP
    tuning, stretch = fit_stretch(x, f0_nominal)
    f0 = f0_nominal * tuning
    k = np.arange(1, K + 1)
    s_k = np.sqrt(1 + stretch * k * k)

    # Harmonic window: four periods (256..8192 samples).
    n_h = int(np.clip(round(4 * SR / f0), 256, 8192))
    mag, window, n_fft = windowed_spectra(x, centres, n_h)
    scale = 2.0 / window.sum()
    # Pitch track from the partials 1..8 below 0.45 sr: deviation in cents of their amplitude-weighted ratio.
    # (An eight-period window: a sub-partial's skirt half a harmonic away stays out of the peak.)
    n_p = int(np.clip(round(8 * SR / f0), 512, 16384))
    pmag, _, p_fft = windowed_spectra(x, centres, n_p, pad=1)
    low = k[(k <= 8) & (k * s_k * f0 < 0.45 * SR)]
    pk, fk = peak_at(pmag, p_fft, np.broadcast_to(low * s_k[low - 1] * f0, (len(frames), len(low))), np.full(len(low), 0.2 * f0))
    ratio = fk / (low * s_k[low - 1] * f0)
    weight = pk ** 2 + 1e-30
    cents = 1200 * np.log2(np.clip((ratio * weight).sum(axis=1) / weight.sum(axis=1), 0.5, 2.0))
    cents = np.clip(cents, -100, 100)
    f0_frame = f0 * 2 ** (cents / 1200)
    expect = k[None, :] * s_k[None, :] * f0_frame[:, None]
    audible = expect < 0.45 * SR
    harm_peak, _ = peak_at(mag, n_fft, expect, np.minimum(0.12 * f0, 0.02 * k * f0 + SR / n_fft))
    harm = np.where(audible, harm_peak * scale, 0.0)
    # Sub-partials from the eight-period window too: half a harmonic is four of its bins, clear of the main lobes.
    sub_f = (np.arange(1, SUBS + 1) - 0.5)[None, :] * f0_frame[:, None]
    sub, _ = peak_at(pmag, p_fft, sub_f, np.full(SUBS, 0.05 * f0))
    sub = np.where(sub_f < 0.45 * SR, sub * 2.0 / np.hanning(n_p + 2)[1:-1].sum(), 0.0)
    # Within 40 dB of its louder neighbour a sub-partial's reading is the neighbours' leakage, not a partial.
    neighbour = np.maximum(harm[:, :SUBS], np.concatenate([np.zeros((len(frames), 1)), harm[:, :SUBS - 1]], axis=1))
    sub = np.where(sub > neighbour * 10 ** (-40 / 20), sub, 0.0)

    # Noise window: Blackman-Harris (sidelobes -92 dB) sixteen periods long (1024..16384), so the
    # midpoints between all partials (a quarter harmonic from the nearest) are clear of their lobes.
    n_n = int(np.clip(round(16 * SR / f0), 1024, 16384))
    nmag, nwindow, nn_fft = windowed_spectra(x, centres, n_n, window=blackman_harris(n_n))
    partials = np.sort(np.concatenate([k * s_k * f0, (np.arange(1, SUBS + 1) - 0.5) * f0]))
    partials = partials[partials < 0.45 * SR]
    mids = 0.5 * (partials[1:] + partials[:-1])
    top = partials[-1] if len(partials) else f0
    extra = np.geomspace(top + 0.5 * f0, 20000.0, 12) if top + 0.5 * f0 < 20000 else np.zeros(0)
    points = np.concatenate([mids, extra])
    power = value_at(nmag, nn_fft, np.broadcast_to(points, (len(frames), len(points)))) ** 2
    # Each band's response at the points through this window, once: the band averages and the fit use it.
    response = band_responses(points) * np.sqrt(window_noise_power(nwindow))
    unit = np.abs(response) ** 2
    # Each point's power over the summed unit bands there is the local noise level; a band's gain is
    # the level averaged over the points it covers (weighted by its response), then over 3 frames. One
    # point of a noise spectrum scatters like an exponential variable: averaging, not a per-frame least
    # squares fit, keeps the target smooth. Bands with no point in their passband stay silent.
    total_unit = np.abs(response.sum(axis=-1)) ** 2  # one noise feeds every band: they add as amplitudes
    ok = total_unit > 0
    level = np.zeros_like(power)
    level[:, ok] = power[:, ok] / total_unit[ok]
    weight = unit.sum(axis=0)
    covered = unit.max(axis=0) > 0.1 * np.array([u.max() if u.max() > 0 else 1.0 for u in unit_band_power(
        np.array(hpn_synth.noise_band_centres()), nwindow).T])
    # Averaged in the log domain, then times e^gamma (the log-mean of an exponential variable is its
    # log mean minus Euler's gamma): a true noise floor reads as itself, while a few points lit by a
    # partial's skirt (a sample's own vibrato or chorus, a detuned layer) no longer lift the whole band.
    # A plain power average read the organ, reeds, voices and strings 10-20 dB high, and a decoder
    # trained on that fills the valleys between their partials (check_targets.py).
    log_level = np.log(np.maximum(level, 1e-30)) @ unit / np.maximum(weight, 1e-30)
    g2 = np.where(covered, np.exp(log_level + EULER_GAMMA), 0.0)
    g2 = fit_band_gains(power, response, np.sqrt(g2), covered) ** 2
    noise = np.sqrt(np.maximum(uniform_filter1d(g2, 3, axis=0, mode="nearest"), 0.0))

    # Attack: the level a short window sees over the level the analysis window sees.
    t = frames / hpn_synth.FRAME_RATE
    early = t < ATTACK_S
    short = max(480, int(SR / f0))
    if early.any():
        gain_db = level_db(x, centres[early], short) - level_db(x, centres[early], n_h)
        g = 10 ** (np.clip(gain_db, -20, 20) / 20)
        harm[early] *= g[:, None]
        sub[early] *= g[:, None]
        noise[early] *= g[:, None]
    # A noise window that holds the note's start sees the partials switch on: a step that leaks
    # between them (6 dB per octave), read as noise 10-30 dB over the note's own, so a decoder
    # trained on it starts every note with a hiss before the partials rise (an e-piano's first
    # 5 ms at -15 dB). Those frames take the noise spectrum of the first frame whose window is
    # clear of the start, moved with the short window's level.
    straddle = centres < n_n // 2
    clear = np.flatnonzero(~straddle)
    if straddle.any() and len(clear):
        ref = clear[0]
        move_db = level_db(x, centres[straddle], short) - level_db(x, centres[ref:ref + 1], short)
        noise[straddle] = noise[ref] * 10 ** (np.clip(move_db, -120, 20) / 20)[:, None]
    # Nothing sounds before note-on: frame 0 (the synthesizer's first sample) is silent and the
    # synthesizer's 5 ms ramp to frame 1 is the strike. Its window, half before the note, read a
    # level that a percussive note starts from at once, so the -40 dB point came at sample 0 and
    # the rise to -6 dB took 6-13 ms against the real 1-5 ms.
    if len(frames) and frames[0] == 0:
        harm[0], sub[0], noise[0] = 0.0, 0.0, 0.0

    rate, depth, trem, harm = modulation(frames, harm, cents, hold_s)
    return {
        "frames": frames.astype(np.int32),
        "harm_db": db(harm).astype(np.float16),
        "sub_db": db(sub).astype(np.float16),
        "noise_db": db(noise).astype(np.float16),
        "cents": cents.astype(np.float16),
        "vib_depth": depth.astype(np.float16),
        "tremolo": trem.astype(np.float16),
        "vib_rate": np.float32(rate),
        "stretch": np.float32(stretch),
        "tuning_cents": np.float32(1200 * math.log2(tuning)),
        "end_frame": np.int32(end),
        "hold_s": np.float32(hold_s),
        "onset_delay_s": np.float32(delay / SR),
    }

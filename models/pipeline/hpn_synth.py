"""The harmonic-plus-noise synthesizer: the one definition shared by training, the reference
renderer and (re-implemented, tested against this file's output) the C# runtime.

Spec (docs/SYNTH.md says the same in prose):
* Parameter frames at FRAME_RATE; hop H = sample_rate / FRAME_RATE samples. Frame i holds
  f0 (Hz), harmonic amplitudes a[k] for harmonics k = 1..K and noise band gains g[b].
* Inside frame i, sample j (0 <= j < H) uses p = p[i] + (j / H) * (p[i+1] - p[i]) for every
  parameter (linear interpolation, so N frames of audio need N+1 parameter frames).
* Phase in cycles: phi[0] = phi0, phi[n+1] = frac(phi[n] + f0[n] / sr).
* Harmonic k sounds sin(2*pi*frac(k*phi[n])) * a_k[n] * w_k[n], with the anti-alias weight
  w_k = clamp((sr/2 - k*f0[n]) / (ALIAS_FADE * sr), 0, 1): harmonics fade out over the top
  ALIAS_FADE*sr Hz below Nyquist instead of clicking off under a pitch bend.
* Noise: white noise u from xorshift32 (s ^= s<<13; s ^= s>>17; s ^= s<<5; u = (s>>8)/2^23 - 1),
  through NOISE_BANDS RBJ band-pass biquads (constant 0 dB peak gain) at log-spaced centres
  NOISE_LOW_HZ..NOISE_HIGH_HZ with NOISE_Q, each scaled by its gain g_b[n] and summed. Bands
  whose centre is above 0.45*sr are skipped.
* Output = harmonic sum + sub-partial sum + noise sum.

Controls added for model v2 (all optional: absent means zero / off, and the v1 output is unchanged):
* Vibrato and tremolo, at the control rate (modulate_frames): an LFO phase lfo (cycles, 0 at
  note-on). For parameter frame i in order: f0_i <- f0_i * 2^(depth_cents_i * sin(2 pi lfo_i) / 1200),
  every harmonic and sub-partial amplitude of the frame <- a * (1 + tremolo_i * sin(2 pi lfo_i)) (not
  the noise, not the transient); then lfo_{i+1} = frac(lfo_i + rate_i / FRAME_RATE). Clamps: rate
  [0, MAX_VIBRATO_HZ] Hz, depth [0, MAX_VIBRATO_CENTS] cents, tremolo [0, 1].
* Stretched partials: harmonic k sounds at k * f0[n] * s_k with s_k = sqrt(1 + B k^2), B clamped to
  [0, MAX_STRETCH]. Its phase is its own accumulator psi_k[n+1] = frac(psi_k[n] + s_k k f0[n] / sr),
  psi_k[0] = frac(k * phi0); B is constant inside a frame: the frame that interpolates parameter frame
  i -> i+1 uses B[i+1]. Anti-alias weight by the stretched frequency:
  w_k = clamp((sr/2 - s_k k f0[n]) / (ALIAS_FADE sr), 0, 1). With B = 0 this is the plain harmonic sum.
* Sub-partials: SUB_PARTIALS sines at (i - 0.5) f0, i = 1..8 (f0/2, 3f0/2, ...), on their own phase
  phi_h[n+1] = frac(phi_h[n] + f0[n] / (2 sr)), phi_h[0] = 0; partial i's phase is (2i - 1) phi_h,
  amplitudes interpolated like the harmonics, the same anti-alias weight by each one's frequency, no
  stretch.
* Onset transient: gains T_b (NOISE_BANDS) and a decay tau (clamped to [TRANSIENT_MIN_S,
  TRANSIENT_MAX_S]) latched from the note's first decoded frame; from the note's first sample n0,
  band b's noise gain gets T_b * exp(-(n - n0) / (tau sr)) added, until that envelope falls below
  TRANSIENT_FLOOR (then the burst is dropped).
* Detuned layer: per parameter frame a detune d_i (cents, clamped to [0, MAX_LAYER_CENTS]) and a
  gain g_i (clamped to [0, 1]). After the vibrato and tremolo, a second harmonic sum sounds beside the
  first: the same rule (stretch included) with parameter frames f0_i * 2^(d_i / 1200) and amplitudes
  g_i * a_k,i, its own phase starting at 0 on the note's first sample. Two copies of the partials a
  few cents apart beat against each other, as a detuned pair of oscillators (a supersaw) or a section
  of voices do. With g = 0 throughout the layer adds exactly nothing.
"""
import math

import numpy as np

FRAME_RATE = 200
HARMONICS = 96
NOISE_BANDS = 24
NOISE_LOW_HZ = 40.0
NOISE_HIGH_HZ = 20000.0
ALIAS_FADE = 0.05
NOISE_SEED = 0x12345678
SUB_PARTIALS = 8
MAX_STRETCH = 1e-2
MAX_VIBRATO_HZ = 20.0
MAX_VIBRATO_CENTS = 200.0
TRANSIENT_MIN_S = 0.0005
TRANSIENT_MAX_S = 0.05
TRANSIENT_FLOOR = 1e-4
MAX_LAYER_CENTS = 50.0


def noise_band_centres():
    ratio = (NOISE_HIGH_HZ / NOISE_LOW_HZ) ** (1.0 / (NOISE_BANDS - 1))
    return [NOISE_LOW_HZ * ratio ** b for b in range(NOISE_BANDS)]


def noise_q():
    ratio = (NOISE_HIGH_HZ / NOISE_LOW_HZ) ** (1.0 / (NOISE_BANDS - 1))
    return 1.0 / (math.sqrt(ratio) - 1.0 / math.sqrt(ratio))


def band_pass_coefficients(centre_hz, q, sr):
    """RBJ cookbook band-pass, constant 0 dB peak gain, normalised by a0: (b0, b1, b2, a1, a2)."""
    w0 = 2.0 * math.pi * centre_hz / sr
    alpha = math.sin(w0) / (2.0 * q)
    a0 = 1.0 + alpha
    return (alpha / a0, 0.0, -alpha / a0, -2.0 * math.cos(w0) / a0, (1.0 - alpha) / a0)


def xorshift32_noise(n, seed=NOISE_SEED):
    out = np.empty(n, dtype=np.float64)
    s = seed & 0xFFFFFFFF
    for i in range(n):
        s ^= (s << 13) & 0xFFFFFFFF
        s ^= s >> 17
        s ^= (s << 5) & 0xFFFFFFFF
        out[i] = (s >> 8) / 8388608.0 - 1.0
    return out


def noise_bank(n, sr, seed=NOISE_SEED):
    """[n, NOISE_BANDS] band-passed noise (bands above 0.45*sr are zero)."""
    from scipy.signal import lfilter
    u = xorshift32_noise(n, seed)
    bank = np.zeros((n, NOISE_BANDS), dtype=np.float64)
    for b, fc in enumerate(noise_band_centres()):
        if fc > 0.45 * sr:
            continue
        b0, b1, b2, a1, a2 = band_pass_coefficients(fc, noise_q(), sr)
        bank[:, b] = lfilter([b0, b1, b2], [1.0, a1, a2], u)
    return bank


def interpolate_frames(params, hop):
    """[F+1, D] parameter frames -> [F*hop, D] per-sample values (linear inside each frame)."""
    params = np.asarray(params, dtype=np.float64)
    frames = params.shape[0] - 1
    alpha = (np.arange(hop) / hop)[None, :, None]
    start = params[:-1, None, :]
    delta = (params[1:] - params[:-1])[:, None, :]
    return (start + alpha * delta).reshape(frames * hop, params.shape[1])


def modulate_frames(f0, harmonics, modulation, sub=None, frame_rate=FRAME_RATE, lfo0=0.0):
    """Vibrato and tremolo applied to parameter frames (the control-rate LFO of the spec).

    f0 [F+1], harmonics [F+1, K], modulation [F+1, 3] (rate Hz, depth cents, tremolo fraction),
    sub [F+1, SUB_PARTIALS] or None -> (f0, harmonics, sub) modulated copies; lfo0 is the LFO phase
    of frame 0 in cycles (0 at note-on).
    """
    f0 = np.array(f0, dtype=np.float64)
    harmonics = np.array(harmonics, dtype=np.float64)
    sub = None if sub is None else np.array(sub, dtype=np.float64)
    modulation = np.asarray(modulation, dtype=np.float64)
    lfo = lfo0 % 1.0
    for i in range(f0.shape[0]):
        rate = min(max(modulation[i, 0], 0.0), MAX_VIBRATO_HZ)
        cents = min(max(modulation[i, 1], 0.0), MAX_VIBRATO_CENTS)
        tremolo = min(max(modulation[i, 2], 0.0), 1.0)
        wave = math.sin(2.0 * math.pi * lfo)
        f0[i] *= 2.0 ** (cents * wave / 1200.0)
        harmonics[i] *= 1.0 + tremolo * wave
        if sub is not None:
            sub[i] *= 1.0 + tremolo * wave
        lfo = (lfo + rate / frame_rate) % 1.0
    return f0, harmonics, sub


def stretch_factors(b, k):
    """s_k = sqrt(1 + B k^2) with B clamped to [0, MAX_STRETCH]; b [...], k [K] -> [..., K]."""
    b = np.clip(np.nan_to_num(np.asarray(b, dtype=np.float64)), 0.0, MAX_STRETCH)
    return np.sqrt(1.0 + b[..., None] * k ** 2)


def transient_envelope(n, sr, tau):
    """exp(-n / (tau sr)) for n = 0..n-1 samples after the onset, 0 once below TRANSIENT_FLOOR."""
    tau = min(max(float(tau), TRANSIENT_MIN_S), TRANSIENT_MAX_S)
    env = np.exp(-np.arange(n) / (tau * sr))
    env[env < TRANSIENT_FLOOR] = 0.0
    return env


def _accumulate_phase(increment, start):
    """phase[0] = start, phase[n+1] = frac(phase[n] + increment[n]) for [n, ...] increments (float64)."""
    phase = np.empty_like(increment)
    phase[0] = start
    phase[1:] = start + np.cumsum(increment[:-1], axis=0)
    return np.mod(phase, 1.0)


def _partial_sum(amps, freq, phase, sr):
    weight = np.clip((sr / 2.0 - freq) / (ALIAS_FADE * sr), 0.0, 1.0)
    return (amps * weight * np.sin(2.0 * math.pi * phase)).sum(axis=1)


def layer_frames(f0, harmonics, layer):
    """The detuned layer's parameter frames: f0 [F+1], harmonics [F+1, K] (after modulation), layer
    [F+1, 2] (detune cents, gain) -> (f0 * 2^(d / 1200), g * harmonics, runs), or None while every gain
    is 0. runs: the (first, last) parameter frames of each stretch of frames in which the layer sounds
    (a gain > 0 at either end of the frame); its phase starts at 0 at each run's first sample."""
    layer = np.nan_to_num(np.asarray(layer, dtype=np.float64))
    cents = np.clip(layer[:, 0], 0.0, MAX_LAYER_CENTS)
    gain = np.clip(layer[:, 1], 0.0, 1.0)
    if not np.any(gain > 0):
        return None
    sounding = (gain[:-1] > 0) | (gain[1:] > 0)
    edges = np.diff(np.concatenate([[0], sounding.astype(np.int8), [0]]))
    runs = list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))
    return (np.asarray(f0, dtype=np.float64) * 2.0 ** (cents / 1200.0),
            np.asarray(harmonics, dtype=np.float64) * gain[:, None], runs)


def layer_sum(f0, harmonics, layer, sr, hop, stretch, harmonic_sum=None):
    """The detuned layer's audio [F*hop] (layer_frames' runs, each a harmonic sum from phase 0), or None.
    harmonic_sum(f0, harmonics, stretch) -> audio renders one run (default: this reference's own sum)."""
    detuned = layer_frames(f0, harmonics, layer)
    if detuned is None:
        return None
    if harmonic_sum is None:
        harmonic_sum = lambda f, h, s: _harmonic_sum(f, h, sr, hop, 0.0, s)  # noqa: E731
    layer_f0, layer_harmonics, runs = detuned
    out = np.zeros((len(layer_f0) - 1) * hop)
    for first, last in runs:
        part = slice(first, last + 1)
        out[first * hop:last * hop] = harmonic_sum(layer_f0[part], layer_harmonics[part], None if stretch is None else np.asarray(stretch)[part])
    return out


def _harmonic_sum(f0, harmonics, sr, hop, phi0, stretch):
    """The harmonic partials of parameter frames f0 [F+1], harmonics [F+1, K] -> audio [F*hop]."""
    f0_n = interpolate_frames(np.asarray(f0, dtype=np.float64)[:, None], hop)[:, 0]
    amp_n = interpolate_frames(harmonics, hop)
    n = f0_n.shape[0]
    k = np.arange(1, harmonics.shape[1] + 1, dtype=np.float64)[None, :]
    if stretch is None or not np.any(np.asarray(stretch) > 0):
        phi = np.empty(n, dtype=np.float64)
        p = phi0
        for i in range(n):
            phi[i] = p
            p = (p + f0_n[i] / sr) % 1.0
        return _partial_sum(amp_n, k * f0_n[:, None], np.mod(k * phi[:, None], 1.0), sr)
    # Frame i (samples i*hop ..) holds B of parameter frame i+1.
    s_n = np.repeat(stretch_factors(np.asarray(stretch)[1:], k[0]), hop, axis=0)
    freq = s_n * k * f0_n[:, None]
    psi = _accumulate_phase(freq / sr, np.mod(k[0] * phi0, 1.0))
    return _partial_sum(amp_n, freq, psi, sr)


def render_reference(f0, harmonics, noise, sr=48000, phi0=0.0, seed=NOISE_SEED,
                     stretch=None, sub=None, transient=None, modulation=None, layer=None):
    """Reference renderer (float64). f0 [F+1], harmonics [F+1, K], noise [F+1, B] -> audio [F*hop].

    Optional v2 controls: stretch [F+1] (B per parameter frame), sub [F+1, SUB_PARTIALS],
    transient [NOISE_BANDS + 1] (band gains, then tau in seconds; starts at sample 0, the note's
    first sample), modulation [F+1, 3] (applied to the frames first, LFO phase 0 at frame 0),
    layer [F+1, 2] (detune cents, gain of the detuned layer).
    """
    hop = sr // FRAME_RATE
    assert hop * FRAME_RATE == sr, f"sample rate {sr} must be a multiple of {FRAME_RATE}"
    harmonics = np.asarray(harmonics, dtype=np.float64)
    if modulation is not None:
        f0, harmonics, sub = modulate_frames(f0, harmonics, modulation, sub)
    f0_n = interpolate_frames(np.asarray(f0, dtype=np.float64)[:, None], hop)[:, 0]
    gain_n = interpolate_frames(noise, hop)
    n = f0_n.shape[0]
    harmonic = _harmonic_sum(f0, harmonics, sr, hop, phi0, stretch)
    detuned = None if layer is None else layer_sum(f0, harmonics, layer, sr, hop, stretch)
    if detuned is not None:
        harmonic = harmonic + detuned
    if sub is not None:
        odd = (2.0 * np.arange(1, SUB_PARTIALS + 1) - 1.0)[None, :]
        phi_h = _accumulate_phase(f0_n / (2.0 * sr), 0.0)
        harmonic = harmonic + _partial_sum(interpolate_frames(sub, hop), odd * f0_n[:, None] / 2.0,
                                           np.mod(odd * phi_h[:, None], 1.0), sr)
    if transient is not None:
        transient = np.asarray(transient, dtype=np.float64)
        gain_n = gain_n + transient_envelope(n, sr, transient[-1])[:, None] * np.nan_to_num(transient[None, :-1])
    bank = noise_bank(n, sr, seed)
    return harmonic + (gain_n * bank).sum(axis=1)


# ---------------------------------------------------------------- training (torch) version
def torch_render(f0, harmonics, noise, bank, sr, phi0, sub=None, stretch=None):
    """Differentiable render of a batch with constant f0 per item (training notes have no bends).

    f0 [B], harmonics [B, F+1, K], noise [B, F+1, NB], bank [B, F*hop, NB] (precomputed band
    noise), phi0 [B] -> audio [B, F*hop]. The sine table depends only on f0 (no gradient), so
    the amplitude interpolation is done as two batched products instead of per-sample tensors.
    Optional: sub [B, F+1, SUB_PARTIALS] sub-partial amplitudes (phase 0 at sample 0) and stretch
    [B], a constant inharmonicity B per item (no gradient through B: it shapes the sine table).
    """
    import torch
    hop = sr // FRAME_RATE
    batch, frames_plus_one, k_count = harmonics.shape
    frames = frames_plus_one - 1
    n = frames * hop
    with torch.no_grad():
        t = torch.arange(n, dtype=torch.float64)
        k = torch.arange(1, k_count + 1, dtype=torch.float32)
        if stretch is None:
            phi = torch.remainder(phi0[:, None].double() + t[None, :] * (f0[:, None].double() / sr), 1.0).float()
            waves = torch.sin((2.0 * math.pi) * torch.remainder(phi[:, :, None] * k, 1.0)).view(batch, frames, hop, k_count)
            multiple = k[None, :].expand(batch, k_count)
        else:
            b = torch.clamp(torch.nan_to_num(stretch.detach().double()), 0.0, MAX_STRETCH)
            multiple64 = k.double()[None, :] * torch.sqrt(1.0 + b[:, None] * k.double()[None, :] ** 2)  # s_k * k
            psi = torch.remainder(torch.remainder(phi0[:, None, None].double() * k.double(), 1.0)
                                  + t[None, :, None] * (f0[:, None, None].double() / sr) * multiple64[:, None, :], 1.0)
            waves = torch.sin((2.0 * math.pi) * psi).float().view(batch, frames, hop, k_count)
            multiple = multiple64.float()
        weight = torch.clamp((sr / 2.0 - multiple * f0[:, None]) / (ALIAS_FADE * sr), 0.0, 1.0)
        alpha = (torch.arange(hop, dtype=torch.float32) / hop)[None, None, :]
        bank = bank.view(batch, frames, hop, -1)
        if sub is not None:
            odd = 2.0 * torch.arange(1, SUB_PARTIALS + 1, dtype=torch.float64) - 1.0
            phi_h = torch.remainder(t[None, :] * (f0[:, None].double() / (2.0 * sr)), 1.0)
            sub_waves = torch.sin((2.0 * math.pi) * torch.remainder(phi_h[:, :, None] * odd, 1.0)).float().view(batch, frames, hop, SUB_PARTIALS)
            sub_weight = torch.clamp((sr / 2.0 - odd.float()[None, :] * f0[:, None] / 2.0) / (ALIAS_FADE * sr), 0.0, 1.0)
    # f0 is constant per item, so the anti-alias weight folds into the amplitudes; the ramp
    # alpha depends on the sample only, so it multiplies after the sum over harmonics.
    harmonics = harmonics * weight[:, None, :]
    start, delta = harmonics[:, :-1], harmonics[:, 1:] - harmonics[:, :-1]
    harmonic = torch.einsum("bfhk,bfk->bfh", waves, start) + alpha * torch.einsum("bfhk,bfk->bfh", waves, delta)
    if sub is not None:
        sub = sub * sub_weight[:, None, :]
        sstart, sdelta = sub[:, :-1], sub[:, 1:] - sub[:, :-1]
        harmonic = harmonic + torch.einsum("bfhk,bfk->bfh", sub_waves, sstart) + alpha * torch.einsum("bfhk,bfk->bfh", sub_waves, sdelta)
    nstart, ndelta = noise[:, :-1], noise[:, 1:] - noise[:, :-1]
    noisy = torch.einsum("bfhk,bfk->bfh", bank, nstart) + alpha * torch.einsum("bfhk,bfk->bfh", bank, ndelta)
    return (harmonic + noisy).reshape(batch, n)

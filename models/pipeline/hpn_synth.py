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
* Output = harmonic sum + noise sum.
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


def render_reference(f0, harmonics, noise, sr=48000, phi0=0.0, seed=NOISE_SEED):
    """Reference renderer (float64). f0 [F+1], harmonics [F+1, K], noise [F+1, B] -> audio [F*hop]."""
    hop = sr // FRAME_RATE
    assert hop * FRAME_RATE == sr, f"sample rate {sr} must be a multiple of {FRAME_RATE}"
    f0_n = interpolate_frames(np.asarray(f0, dtype=np.float64)[:, None], hop)[:, 0]
    amp_n = interpolate_frames(harmonics, hop)
    gain_n = interpolate_frames(noise, hop)
    n = f0_n.shape[0]
    phi = np.empty(n, dtype=np.float64)
    p = phi0
    for i in range(n):
        phi[i] = p
        p = (p + f0_n[i] / sr) % 1.0
    k = np.arange(1, harmonics.shape[1] + 1, dtype=np.float64)[None, :]
    weight = np.clip((sr / 2.0 - k * f0_n[:, None]) / (ALIAS_FADE * sr), 0.0, 1.0)
    waves = np.sin(2.0 * math.pi * np.mod(k * phi[:, None], 1.0))
    harmonic = (amp_n * weight * waves).sum(axis=1)
    bank = noise_bank(n, sr, seed)
    return harmonic + (gain_n * bank).sum(axis=1)


# ---------------------------------------------------------------- training (torch) version
def torch_render(f0, harmonics, noise, bank, sr, phi0):
    """Differentiable render of a batch with constant f0 per item (training notes have no bends).

    f0 [B], harmonics [B, F+1, K], noise [B, F+1, NB], bank [B, F*hop, NB] (precomputed band
    noise), phi0 [B] -> audio [B, F*hop]. The sine table depends only on f0 (no gradient), so
    the amplitude interpolation is done as two batched products instead of per-sample tensors.
    """
    import torch
    hop = sr // FRAME_RATE
    batch, frames_plus_one, k_count = harmonics.shape
    frames = frames_plus_one - 1
    n = frames * hop
    with torch.no_grad():
        t = torch.arange(n, dtype=torch.float64)
        phi = torch.remainder(phi0[:, None].double() + t[None, :] * (f0[:, None].double() / sr), 1.0).float()
        k = torch.arange(1, k_count + 1, dtype=torch.float32)
        waves = torch.sin((2.0 * math.pi) * torch.remainder(phi[:, :, None] * k, 1.0)).view(batch, frames, hop, k_count)
        weight = torch.clamp((sr / 2.0 - k[None, :] * f0[:, None]) / (ALIAS_FADE * sr), 0.0, 1.0)
        alpha = (torch.arange(hop, dtype=torch.float32) / hop)[None, None, :]
        bank = bank.view(batch, frames, hop, -1)
    # f0 is constant per item, so the anti-alias weight folds into the amplitudes; the ramp
    # alpha depends on the sample only, so it multiplies after the sum over harmonics.
    harmonics = harmonics * weight[:, None, :]
    start, delta = harmonics[:, :-1], harmonics[:, 1:] - harmonics[:, :-1]
    harmonic = torch.einsum("bfhk,bfk->bfh", waves, start) + alpha * torch.einsum("bfhk,bfk->bfh", waves, delta)
    nstart, ndelta = noise[:, :-1], noise[:, 1:] - noise[:, :-1]
    noisy = torch.einsum("bfhk,bfk->bfh", bank, nstart) + alpha * torch.einsum("bfhk,bfk->bfh", bank, ndelta)
    return (harmonic + noisy).reshape(batch, n)

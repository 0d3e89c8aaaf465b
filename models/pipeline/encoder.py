"""The sound encoder: a recorded note -> a latent code z of the decoder's space.

The note is described by band powers (the "import features", specified here and reproduced by
the C# runtime, src/NSynthBox.Neural/Encoding/ImportFeatures.cs):
* mono at 48 kHz, starting at the note's onset; analysis frame i covers samples
  [i*HOP, i*HOP + N_FFT) with a periodic Hann window, FRAMES frames (3 s); past the end of the
  note the samples are zero;
* power spectrum normalised so that a sinusoid of amplitude A gives A^2/2:
  P[k] = |X[k]|^2 / (N_FFT/2 * sum(w^2));
* BANDS rectangular bands equally spaced in mel (2595*log10(1 + f/700)) from LOW_HZ to HIGH_HZ; a
  bin belongs to the band its centre frequency falls in; band power = sum of its bins;
* features = 10*log10(power + 1e-10).

Because the decoder's output is a harmonic-plus-noise spectrum, the same band powers can be
predicted from decoder frames without rendering audio (BandPredictor): harmonic k adds
a_k^2/2 (times the synthesizer's anti-alias weight squared) to the band holding k*f0, and noise
band b adds g_b^2 * NOISE_TO_BANDS[b] (the band-pass filter's power response on white noise of
variance 1/3, summed over each band's bins). A v2 decoder's frames (docs/SYNTH.md) add: harmonic k
sits at its stretched frequency k*f0*sqrt(1 + B k^2) (band and anti-alias weight by that frequency);
sub-partial i adds s_i^2/2 (times its own anti-alias weight squared) to the band holding (i - 0.5)*f0;
tremolo m scales the partials' power by its mean over the LFO cycle, 1 + m^2/2. Vibrato is ignored
(the LFO's phase at an analysis frame is not known to the prediction, and a few tens of cents move
little power across these bands), and so is an onset transient (a burst of tens of ms in the first
frames; hpn-v2 does not output one). Not predicted either: the analysis window's leakage of a
strong low partial into the next (narrow) band, some 20-30 dB down. The encoder is trained through this prediction:
the code it gives for one note must decode, at other pitches, to that instrument's other notes.
"""
import math

import numpy as np
import torch
from torch import nn

import hpn_synth

SR = 48000
N_FFT = 2048
HOP = 1440  # 30 ms: 100 frames cover the first 3 s, attack and sustain
FRAMES = 100
BANDS = 40
LOW_HZ = 40.0
HIGH_HZ = 16000.0
FLOOR_DB = -100.0
RANGE_DB = 70.0  # the fit ignores what lies more than this below the note's loudest band
IMPORT_VELOCITY = 100 / 127  # recordings carry no velocity: codes are fitted as if played at 100
POOL = ((0, 10), (10, 30), (30, 60), (60, 100))  # attack, early, middle, late (frames)


def mel(f):
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)


def band_edges_hz():
    m = np.linspace(mel(LOW_HZ), mel(HIGH_HZ), BANDS + 1)
    return 700.0 * (10 ** (m / 2595.0) - 1.0)


def bin_bands():
    """Band index of every rfft bin (-1: outside LOW_HZ..HIGH_HZ)."""
    freqs = np.arange(N_FFT // 2 + 1) * SR / N_FFT
    edges = band_edges_hz()
    band = np.searchsorted(edges, freqs, side="right") - 1
    band[(freqs < edges[0]) | (freqs >= edges[-1])] = -1
    return band


def window():
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)


def frame_times():
    """Seconds since onset at each analysis frame's centre: where the decoder is asked."""
    return (np.arange(FRAMES) * HOP + N_FFT / 2) / SR


def note_features(x):
    """[FRAMES, BANDS] band powers in dB of a note (float samples at 48 kHz from its onset)."""
    need = (FRAMES - 1) * HOP + N_FFT
    x = np.asarray(x, dtype=np.float64)[:need]
    x = np.pad(x, (0, need - len(x)))
    w = window()
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(FRAMES)[:, None]
    power = np.abs(np.fft.rfft(x[idx] * w, axis=1)) ** 2 / (N_FFT / 2 * (w ** 2).sum())
    band = bin_bands()
    out = np.zeros((FRAMES, BANDS))
    for j in range(BANDS):
        out[:, j] = power[:, band == j].sum(axis=1)
    return 10 * np.log10(out + 1e-10)


def noise_to_bands():
    """[NOISE_BANDS, BANDS]: band power per unit noise gain squared (see the module doc)."""
    freqs = np.arange(N_FFT // 2 + 1) * SR / N_FFT
    band = bin_bands()
    z = np.exp(-2j * np.pi * freqs / SR)
    out = np.zeros((hpn_synth.NOISE_BANDS, BANDS))
    for b, fc in enumerate(hpn_synth.noise_band_centres()):
        if fc > 0.45 * SR:
            continue
        b0, b1, b2, a1, a2 = hpn_synth.band_pass_coefficients(fc, hpn_synth.noise_q(), SR)
        h2 = np.abs((b0 + b1 * z + b2 * z * z) / (1 + a1 * z + a2 * z * z)) ** 2
        per_bin = h2 * (1.0 / 3.0) * 2.0 / N_FFT
        for j in range(BANDS):
            out[b, j] = per_bin[band == j].sum()
    return out


class BandPredictor(nn.Module):
    """Decoder frames -> predicted band powers (dB), differentiable."""

    def __init__(self):
        super().__init__()
        self.register_buffer("edges", torch.tensor(band_edges_hz(), dtype=torch.float32))
        self.register_buffer("noise_map", torch.tensor(noise_to_bands(), dtype=torch.float32))
        self.register_buffer("k", torch.arange(1, hpn_synth.HARMONICS + 1, dtype=torch.float32))
        self.register_buffer("sub_k", torch.arange(1, hpn_synth.SUB_PARTIALS + 1, dtype=torch.float32) - 0.5)

    def partial_bands(self, freq, amplitudes):
        """Power of sines [B, P] at freq [B, P] Hz (anti-alias weighted) summed into [B, BANDS]."""
        alias = torch.clamp((SR / 2 - freq) / (hpn_synth.ALIAS_FADE * SR), 0.0, 1.0)
        power = 0.5 * (amplitudes * alias) ** 2
        band = torch.searchsorted(self.edges, freq.contiguous(), right=True) - 1
        inside = (band >= 0) & (band < BANDS)
        onehot = torch.nn.functional.one_hot(torch.where(inside, band, torch.zeros_like(band)), BANDS).float()
        onehot = onehot * inside.float()[..., None]
        return torch.einsum("bk,bkj->bj", power, onehot)

    def forward(self, f0, harmonics, noise, sub=None, stretch=None, modulation=None, layer=None):
        """f0 [B, 1], harmonics [B, K], noise [B, NB]; v2's optional sub [B, SUBS], stretch [B, 1],
        modulation [B, 3] (rate, depth, tremolo) and layer [B, 2] (detune, gain) -> [B, BANDS] dB. The
        detuned layer's partials lie a few cents from the harmonics, in their bands: on average over its
        beats it adds g^2 of their power."""
        if layer is not None:
            harmonics = harmonics * torch.sqrt(1.0 + torch.clamp(torch.nan_to_num(layer[:, 1:2]), 0.0, 1.0) ** 2)
        multiple = self.k[None, :]
        if stretch is not None:
            b = torch.clamp(torch.nan_to_num(stretch), 0.0, hpn_synth.MAX_STRETCH)
            multiple = multiple * torch.sqrt(1.0 + b * self.k[None, :] ** 2)
        partials = self.partial_bands(multiple * f0, harmonics)
        if sub is not None:
            partials = partials + self.partial_bands(self.sub_k[None, :] * f0, sub)
        if modulation is not None:
            tremolo = torch.clamp(modulation[:, 2:3], 0.0, 1.0)
            partials = partials * (1.0 + 0.5 * tremolo ** 2)
        noise_bands = (noise ** 2) @ self.noise_map
        return 10 * torch.log10(partials + noise_bands + 1e-10)


def fit_distance(pred_db, real_db):
    """Mean absolute dB difference between predicted and real band powers [..., FRAMES, BANDS],
    after matching overall level (a recording's gain is arbitrary) and flooring both RANGE_DB below
    the real note's loudest band. Frames quieter than that floor count no more than silence."""
    top = real_db.amax(dim=(-2, -1), keepdim=True)
    real = torch.maximum(real_db, top - RANGE_DB)
    frame_real = torch.logsumexp(real_db * (math.log(10) / 10), dim=-1) * (10 / math.log(10))
    frame_pred = torch.logsumexp(pred_db * (math.log(10) / 10), dim=-1) * (10 / math.log(10))
    loud = (frame_real >= frame_real.amax(dim=-1, keepdim=True) - 40).float()
    gain = ((frame_real - frame_pred) * loud).sum(dim=-1) / loud.sum(dim=-1)
    pred = torch.maximum(pred_db + gain[..., None, None], top - RANGE_DB)
    return (pred - real).abs().mean(dim=(-2, -1))


def pitch_features(f0):
    p = (12.0 * torch.log2(f0 / 440.0) + 69.0 - 64.0) / 24.0
    return torch.cat([p, p * p], dim=1)


class Encoder(nn.Module):
    """Import features [B, FRAMES, BANDS] (dB) and f0 [B, 1] -> z [B, LATENT]. Level-free: the
    features are taken relative to the note's loudest band."""

    def __init__(self, latent, hidden=256):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(len(POOL) * BANDS + 2, hidden), nn.LeakyReLU(0.1),
            nn.Linear(hidden, hidden), nn.LeakyReLU(0.1),
            nn.Linear(hidden, latent),
        )

    def forward(self, features, f0):
        top = features.amax(dim=(1, 2), keepdim=True)
        rel = (torch.maximum(features - top, torch.full_like(features, -RANGE_DB)) + 35.0) / 20.0
        pooled = [rel[:, a:b, :].mean(dim=1) for a, b in POOL]
        return self.net(torch.cat(pooled + [pitch_features(f0)], dim=1))


def decode_bands(decoder, predictor, z, f0, velocity, frames=None):
    """Predicted [B, FRAMES, BANDS] dB for codes z [B, L] played at f0 [B, 1] with a held key
    (frames: only these analysis frames, e.g. every 4th for a cheaper training step)."""
    b = z.shape[0]
    t = torch.tensor(frame_times() if frames is None else frame_times()[frames], dtype=torch.float32, device=z.device)
    count = len(t)
    zz = z[:, None, :].expand(b, count, z.shape[1]).reshape(b * count, -1)
    ff = f0[:, None, :].expand(b, count, 1).reshape(b * count, 1)
    vv = velocity[:, None, :].expand(b, count, 1).reshape(b * count, 1)
    tt = t[None, :, None].expand(b, count, 1).reshape(b * count, 1)
    # v1: (harmonics, noise); v2 adds (sub-partials, stretch, modulation): the predictor takes them in that order.
    outputs = decoder(zz, ff, vv, tt, torch.full_like(tt, -1.0))
    layer = outputs[-1] if getattr(decoder, "detuned_layer", False) else None  # the layer head comes last
    return predictor(ff, *outputs[:5], layer=layer).view(b, count, BANDS)  # the onset transient is not predicted

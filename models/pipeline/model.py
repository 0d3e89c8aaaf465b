"""The control-rate decoder: (z, f0, velocity, time since onset, time since release) ->
harmonic amplitudes and noise band gains for one frame. A stateless MLP, so every voice-frame
is independent: a batch is simply all sounding voices, and the Position knob is a time offset.
"""
import math

import torch
from torch import nn

import hpn_synth

LATENT = 16
HIDDEN = 192
ONSET_TAUS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
RELEASE_TAUS = (0.01, 0.03, 0.1, 0.3, 1.0)
MAX_ONSET_S = 3.0  # notes are held 3 s in the data; beyond that the decoder holds its last state
NYQUIST_48K = 24000.0
# Sine/cosine of the time since onset at these rates: FluidR3's LFOs start at note-on (SF2's default
# rate is 8.176 Hz), so a tremolo or a filter wobble has a fixed phase the decoder can learn.
PERIODIC_HZ = (4.0, 5.5, 8.176)
# v1 (models/hpn-v1) was trained before the periodic features and with 192 hidden units.
V1_CONFIG = {"hidden": 192, "periodic_hz": []}
DEFAULT_CONFIG = {"hidden": 256, "periodic_hz": list(PERIODIC_HZ)}


def modified_sigmoid(x):
    # DDSP's amplitude nonlinearity: positive, smooth, gradients at both ends.
    return 2.0 * torch.sigmoid(x) ** math.log(10.0) + 1e-7


class Decoder(nn.Module):
    def __init__(self, latent=LATENT, hidden=HIDDEN, periodic_hz=()):
        super().__init__()
        self.periodic_hz = tuple(periodic_hz)
        features = latent + 4 + len(ONSET_TAUS) + 2 + len(RELEASE_TAUS) + 2 * len(self.periodic_hz)
        self.net = nn.Sequential(
            nn.Linear(features, hidden), nn.LeakyReLU(0.1),
            nn.Linear(hidden, hidden), nn.LeakyReLU(0.1),
            nn.Linear(hidden, hidden), nn.LeakyReLU(0.1),
            nn.Linear(hidden, 1 + hpn_synth.HARMONICS + hpn_synth.NOISE_BANDS),
        )
        with torch.no_grad():
            last = self.net[-1]
            last.weight.mul_(0.1)
            last.bias.zero_()
            last.bias[0] = -1.0
            last.bias[1 + hpn_synth.HARMONICS:] = -3.0
        self.register_buffer("harmonic_numbers", torch.arange(1, hpn_synth.HARMONICS + 1, dtype=torch.float32))

    def forward(self, z, f0, velocity, time_since_onset, time_since_release):
        """All inputs [B, 1] except z [B, LATENT]; time_since_release < 0 while the key is held."""
        pitch = (12.0 * torch.log2(f0 / 440.0) + 69.0 - 64.0) / 24.0
        onset = torch.clamp(time_since_onset, 0.0, MAX_ONSET_S)
        released = (time_since_release >= 0.0).float()
        rel = torch.clamp(time_since_release, min=0.0)
        feats = [z, pitch, pitch * pitch, (velocity - 0.6) / 0.3, torch.log(onset + 0.003) / 3.0]
        feats += [torch.exp(-onset / tau) for tau in ONSET_TAUS]
        feats += [onset / MAX_ONSET_S, released]
        feats += [released * torch.exp(-rel / tau) for tau in RELEASE_TAUS]
        for hz in self.periodic_hz:  # unclamped time: an LFO keeps running past MAX_ONSET_S
            angle = (2.0 * math.pi * hz) * time_since_onset
            feats += [torch.sin(angle), torch.cos(angle)]
        out = self.net(torch.cat(feats, dim=1))
        amplitude = modified_sigmoid(out[:, :1])
        logits = out[:, 1:1 + hpn_synth.HARMONICS]
        audible = (self.harmonic_numbers[None, :] * f0 < NYQUIST_48K).float()
        logits = logits - (1.0 - audible) * 1e4
        distribution = torch.softmax(logits, dim=1) * audible
        harmonics = amplitude * distribution
        noise = modified_sigmoid(out[:, 1 + hpn_synth.HARMONICS:]) * 0.5
        return harmonics, noise


class TimbreModel(nn.Module):
    """Decoder plus one learned latent code per training instrument (an auto-decoder)."""

    def __init__(self, instruments, latent=LATENT, config=None):
        super().__init__()
        self.config = dict(config or V1_CONFIG)
        self.codes = nn.Embedding(instruments, latent)
        nn.init.normal_(self.codes.weight, std=0.3)
        self.decoder = Decoder(latent, self.config["hidden"], self.config["periodic_hz"])

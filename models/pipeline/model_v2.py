"""Model v2's decoder: (z, f0, velocity, time since onset, time since release) -> every control of
the v2 synthesizer (docs/SYNTH.md) for one frame: 96 harmonic amplitudes, 8 sub-partials, 24
noise gains, the partial stretch B and the vibrato/tremolo oscillator (rate, depth, tremolo).

Still a stateless MLP per voice-frame (a batch is all sounding voices). Differences from v1:
* Log-domain outputs, trained frame by frame against analysed targets (analysis.py, train_frames.py).
* **Time beyond the data.** The time features stop at HELD_FEATURE_S after onset and
  RELEASE_FEATURE_S after release; past those, every level falls at a learned rate (dB per second,
  one for the hold, one for the release) from where it stood. The training notes are held up to
  8 s and recorded 3 s past release, so both rates are fitted on data, and a note held a minute
  keeps decaying like the instrument instead of freezing.
* The hold length is an input once released (a release after a short hold is not the one after 8 s).
* **Onset transient** (config "transient"): 24 noise-band gains and a decay for the burst the
  synthesizer latches at note-on (docs/SYNTH.md), trained on the first 50 ms of each note against
  transient.py's measurement; the runtime reads it from the note's first frame.
* **Detuned layer** (config "detuned_layer"): two outputs after the others, the layer's detune (cents,
  0..50 through a sigmoid) and gain (linear, clamped to 0..1 in the graph: below 0 it is exactly off,
  so an instrument without a layer costs the runtime nothing), trained against analysis.detuned_layer.
* **Formant bands** (config "formant"): FORMANT_BANDS levels on a log-frequency axis (a quarter of an
  octave apart, FORMANT_LO_HZ..FORMANT_HI_HZ) added, interpolated at each partial's frequency, to the
  harmonics' and sub-partials' own levels: a resonance fixed in frequency (a choir's 2.6-3.2 kHz
  formant, a violin's body) walks across the harmonic numbers as the pitch moves, which one output
  per harmonic number draws only as a blur. hpn-v2 1.7.0's choir sat 9-11 dB under its own targets
  on harmonics 9-11 at MIDI 58-61 (train_frames' targets, 1-2 s in). The synthesizer is untouched:
  the graph's harmonic amplitudes already include the bands; a new head starts at 0 (no change).
* **Pitch zones** (config "pitch_rbf"): bumps every 2 semitones beside the smooth pitch features. A
  sampled instrument changes sample every few keys: FluidR3's cello is 12 dB brighter in its upper
  harmonics at A3 and D#4 than at C4 and F#4; with pitch and pitch^2 alone the decoder drew the
  average everywhere. Tried on hpn-v2 1.4.0 (12000 steps, not shipped): held-out frame errors fell
  (harmonics 1.43 -> 1.40 dB, transient 1.36 -> 0.98) but the cello's D#4 still decoded 10 dB dark,
  and the interpolation between instrument codes got rougher (worst step ratio 2.53 -> 3.11, over
  the limit of 3) while the trumpet lost its vibrato. hpn-v2 1.10.0 has them (a fine-tune of 1.9.0 at
  lr 2e-4): the cello's C4 rise 175 ms against 1.9.0's 152 (real 266, the target's floor 160).
* **Onset zones** (config "onset_rbf"): bumps in time since onset, 25 ms apart over the first half
  second and 100 ms apart to 1.5 s, beside the smooth time features (log time and a few decaying
  exponentials). A bowed or sung note does not rise smoothly: FluidR3's choir at C4 climbs in steps
  as its voices come in (-19, -15, -14, -16, -17, -10, -8, -12, -14, -5 dB re its peak, 20 ms apart)
  and peaks 9 dB over its sustain 0.4 s in (train_frames' targets); hpn-v2 1.9.0 drew a smooth rise
  to the sustain, 66 ms from -40 to -6 dB re the peak against the real 138. Tried (not shipped): 1.10.0's
  fine-tune with them too (4000 steps from 1.9.0, seed 18) still draws a smooth rise, at most 1-2 dB
  off a straight climb where the target steps 5-9 dB (the steps differ from key to key, a shared
  decoder does not learn them in 4000 steps); the choir 74 ms against 67 without them, the cello
  160 against 175, held-out harmonic error 1.508 against 1.512 dB.
"""
import math

import torch
from torch import nn

import hpn_synth

LATENT = 16
SUBS = 8
HELD_FEATURE_S = 6.0
RELEASE_FEATURE_S = 2.0
ONSET_TAUS = (0.005, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
RELEASE_TAUS = (0.01, 0.03, 0.1, 0.3, 1.0)
NYQUIST_48K = 24000.0
LN10_20 = math.log(10.0) / 20.0          # dB -> nepers
MAX_STRETCH = 1e-2
RATE_RANGE_HZ = (3.0, 10.0)
PITCH_RBF_CENTRES = tuple(range(21, 109, 2))  # MIDI notes A0..B7
PITCH_RBF_WIDTH = 1.5  # semitones (Gaussian sigma): neighbouring bumps overlap, so pitch bends stay smooth
# Onset zones (seconds since onset, Gaussian centres and sigmas): 3/4 of the spacing, as the pitch zones.
ONSET_RBF_CENTRES_S = tuple(0.025 * i for i in range(1, 21)) + tuple(0.1 * i for i in range(6, 16))
ONSET_RBF_WIDTHS_S = (0.01875,) * 20 + (0.075,) * 10
DEFAULT_CONFIG = {"hidden": 320, "layers": 3, "transient": True}  # 0.52 MFLOP per voice-frame: 512 wide (1.2) left 16 voices at about 12x real time
# Below these the exported graph says exactly 0, so the synthesizer keeps its cheap paths: a partial
# stretch of 2e-6 moves partial 20 by 0.7 cents (and B > 0 puts every partial on its own phase, about
# 3x the synthesizer's cost); a harmonic or sub-partial 75 dB under the frame's loudest harmonic is
# below what training looked at (70 dB) and inaudible, and silent top partials are not computed.
STRETCH_GATE = 2e-6
PARTIAL_GATE_DB = 75.0
DEPTH_GATE_CENTS = 0.5
TREMOLO_GATE = 0.005
LAYER_GAIN_START = -0.3  # a new layer head starts off (gain < 0 is exactly no layer) until training turns it on
FORMANT_BANDS = 32
FORMANT_LO_HZ, FORMANT_HI_HZ = 80.0, 20000.0  # 7.97 octaves: bands a quarter of an octave apart

# Output layout of the last layer.
H0, H1 = 0, hpn_synth.HARMONICS
S0, S1 = H1, H1 + SUBS
N0, N1 = S1, S1 + hpn_synth.NOISE_BANDS
STRETCH, RATE, DEPTH, TREMOLO, HOLD_SLOPE, RELEASE_SLOPE = range(N1, N1 + 6)
OUTPUTS = N1 + 6
T0, T1 = OUTPUTS, OUTPUTS + hpn_synth.NOISE_BANDS     # transient band gains (log), then its decay
TAU = T1
OUTPUTS_TRANSIENT = T1 + 1
LAYER_OUTPUTS = 2  # detune, gain: after the transient outputs (or after OUTPUTS without a transient head)


def formant_levels(partial_hz, bands):
    """Each partial's level (nepers) from the bands [batch, FORMANT_BANDS] at its frequency [batch, K]:
    linear interpolation on the log-frequency axis, the end bands held beyond the ends."""
    u = torch.log2(partial_hz.clamp(min=1.0) / FORMANT_LO_HZ) / math.log2(FORMANT_HI_HZ / FORMANT_LO_HZ) * (FORMANT_BANDS - 1)
    u = torch.clamp(u, 0.0, FORMANT_BANDS - 1.0 - 1e-4)
    below = torch.floor(u)
    frac = u - below
    below = below.long()  # two bands per partial (a dense [batch, K, bands] weighting made training 4x slower)
    return bands.gather(1, below) * (1.0 - frac) + bands.gather(1, below + 1) * frac


def features(z, f0, velocity, t_on, t_rel, pitch_rbf=False, onset_rbf=False):
    midi = 12.0 * torch.log2(f0 / 440.0) + 69.0
    pitch = (midi - 64.0) / 24.0
    on = torch.clamp(t_on, 0.0, HELD_FEATURE_S)
    released = (t_rel >= 0.0).float()
    rel = torch.clamp(t_rel, 0.0, RELEASE_FEATURE_S)
    hold = torch.clamp(t_on - torch.clamp(t_rel, min=0.0), 0.0, HELD_FEATURE_S) * released
    feats = [z, pitch, pitch * pitch, (velocity - 0.6) / 0.3, torch.log(on + 0.003) / 3.0, on / HELD_FEATURE_S]
    # Each family of features as one expression over a row of constants: exported, one node per operation
    # instead of one per feature, the same operations per element (the same values). ONNX Runtime pays for
    # every node on every call: with this and the gates' scalar zero, 1.10.0's graph went from 136 nodes to
    # 104 and one voice's decoding from 71-77 to 62 us per call (16 voices 162-164 -> 152).
    feats.append(torch.exp(-on / torch.tensor(ONSET_TAUS, dtype=on.dtype)[None, :]))
    feats += [released, released * torch.log(rel + 0.003) / 3.0, hold / HELD_FEATURE_S]
    feats.append(released * torch.exp(-rel / torch.tensor(RELEASE_TAUS, dtype=rel.dtype)[None, :]))
    if pitch_rbf:  # last, so a decoder without them grows into them with its first layer's columns zero
        centres = torch.tensor(PITCH_RBF_CENTRES, dtype=midi.dtype)[None, :]
        feats.append(torch.exp(-0.5 * ((midi - centres) / PITCH_RBF_WIDTH) ** 2))
    if onset_rbf:  # after the pitch zones, for the same reason; one vectorised expression (one Exp node)
        centres = torch.tensor(ONSET_RBF_CENTRES_S, dtype=t_on.dtype)[None, :]
        widths = torch.tensor(ONSET_RBF_WIDTHS_S, dtype=t_on.dtype)[None, :]
        feats.append(torch.exp(-0.5 * ((t_on - centres) / widths) ** 2))
    return torch.cat(feats, dim=1)


FEATURES = LATENT + 5 + len(ONSET_TAUS) + 3 + len(RELEASE_TAUS)


class DecoderV2(nn.Module):
    def __init__(self, latent=LATENT, hidden=DEFAULT_CONFIG["hidden"], layers=DEFAULT_CONFIG["layers"], transient=False,
                 pitch_rbf=False, detuned_layer=False, formant=False, onset_rbf=False):
        super().__init__()
        assert latent == LATENT
        self.transient = bool(transient)
        self.pitch_rbf = bool(pitch_rbf)
        self.onset_rbf = bool(onset_rbf)
        self.detuned_layer = bool(detuned_layer)
        self.formant = bool(formant)
        self.layer_at = OUTPUTS_TRANSIENT if transient else OUTPUTS
        self.formant_at = self.layer_at + (LAYER_OUTPUTS if detuned_layer else 0)  # the bands come last
        mods, width = [], FEATURES + (len(PITCH_RBF_CENTRES) if pitch_rbf else 0) + (len(ONSET_RBF_CENTRES_S) if onset_rbf else 0)
        for _ in range(layers):
            mods += [nn.Linear(width, hidden), nn.LeakyReLU(0.1)]
            width = hidden
        mods.append(nn.Linear(width, self.formant_at + (FORMANT_BANDS if formant else 0)))
        self.net = nn.Sequential(*mods)
        with torch.no_grad():
            last = self.net[-1]
            last.weight.mul_(0.1)
            last.bias.zero_()
            last.bias[H0:H1] = -60 * LN10_20
            last.bias[S0:S1] = -90 * LN10_20
            last.bias[N0:N1] = -70 * LN10_20
            last.bias[STRETCH] = -12.0
            if transient:
                last.bias[T0:T1] = -80 * LN10_20
            if detuned_layer:
                last.bias[self.layer_at + 1] = LAYER_GAIN_START
            if formant:  # flat bands: the decoder starts out drawing what it drew without them
                last.weight[self.formant_at:] = 0.0
        self.register_buffer("harmonic_numbers", torch.arange(1, hpn_synth.HARMONICS + 1, dtype=torch.float32))
        self.register_buffer("sub_numbers", torch.arange(1, SUBS + 1, dtype=torch.float32) - 0.5)

    def raw(self, z, f0, velocity, t_on, t_rel):
        """Log levels (nepers) of harmonics, sub-partials and noise after the late-time decay, and the
        stretch, modulation and audibility masks: what the loss compares with the targets."""
        out = self.net(features(z, f0, velocity, t_on, t_rel, self.pitch_rbf, self.onset_rbf))
        late = torch.clamp(t_on - HELD_FEATURE_S, min=0.0)
        late_rel = torch.clamp(t_rel - RELEASE_FEATURE_S, min=0.0)
        # Rates in nepers per second (1 Np/s = 8.7 dB/s), never rising.
        fall = nn.functional.softplus(out[:, HOLD_SLOPE:HOLD_SLOPE + 1]) * late \
            + nn.functional.softplus(out[:, RELEASE_SLOPE:RELEASE_SLOPE + 1]) * late_rel
        stretch = MAX_STRETCH * torch.sigmoid(out[:, STRETCH:STRETCH + 1])
        partial_hz = self.harmonic_numbers[None, :] * f0 * torch.sqrt(1.0 + stretch * self.harmonic_numbers[None, :] ** 2)
        harm, sub = out[:, H0:H1], out[:, S0:S1]
        if self.formant:
            bands = out[:, self.formant_at:self.formant_at + FORMANT_BANDS]
            harm = harm + formant_levels(partial_hz, bands)
            sub = sub + formant_levels(self.sub_numbers[None, :] * f0, bands)
        r = {
            "harm": harm - fall, "sub": sub - fall, "noise": out[:, N0:N1] - fall,
            "harm_audible": (partial_hz < NYQUIST_48K).float(),
            "sub_audible": (self.sub_numbers[None, :] * f0 < NYQUIST_48K).float(),
            "stretch": stretch,
            "rate": RATE_RANGE_HZ[0] + (RATE_RANGE_HZ[1] - RATE_RANGE_HZ[0]) * torch.sigmoid(out[:, RATE:RATE + 1]),
            "depth": 10.0 * nn.functional.softplus(out[:, DEPTH:DEPTH + 1]),
            "tremolo": 0.5 * torch.sigmoid(out[:, TREMOLO:TREMOLO + 1]),
        }
        if self.transient:
            r["transient"] = out[:, T0:T1]
            lo, hi = math.log(hpn_synth.TRANSIENT_MIN_S), math.log(hpn_synth.TRANSIENT_MAX_S)
            r["transient_tau"] = torch.exp(lo + (hi - lo) * torch.sigmoid(out[:, TAU:TAU + 1]))
        if self.detuned_layer:
            r["layer_cents"] = hpn_synth.MAX_LAYER_CENTS * torch.sigmoid(out[:, self.layer_at:self.layer_at + 1])
            r["layer_gain"] = out[:, self.layer_at + 1:self.layer_at + 2]  # linear; the graph clamps it to [0, 1]
        return r

    def forward(self, z, f0, velocity, t_on, t_rel):
        """The exported graph: linear amplitudes and gains (silent above Nyquist), stretch B,
        modulation (rate Hz, depth cents, tremolo fraction), with a transient head the onset
        transient (band gains, then tau in seconds) and with a layer head the detuned layer (cents, gain)."""
        r = self.raw(z, f0, velocity, t_on, t_rel)
        gate = lambda x, floor: torch.where(x < floor, torch.zeros((), dtype=x.dtype), x)  # noqa: E731 (a scalar: no Shape, ConstantOfShape)
        harmonics = torch.exp(r["harm"]) * r["harm_audible"]
        floor = harmonics.amax(dim=1, keepdim=True) * 10 ** (-PARTIAL_GATE_DB / 20)
        harmonics = gate(harmonics, floor)
        subs = torch.exp(r["sub"]) * r["sub_audible"]
        subs = gate(subs, floor)
        noise = torch.exp(r["noise"])
        modulation = torch.cat([r["rate"], gate(r["depth"], DEPTH_GATE_CENTS), gate(r["tremolo"], TREMOLO_GATE)], dim=1)
        outputs = (harmonics, noise, subs, gate(r["stretch"], STRETCH_GATE), modulation)
        if self.transient:
            outputs += (torch.cat([torch.exp(r["transient"]), r["transient_tau"]], dim=1),)
        if self.detuned_layer:
            outputs += (torch.cat([r["layer_cents"], torch.clamp(r["layer_gain"], 0.0, 1.0)], dim=1),)
        return outputs


def decoder_from_config(config):
    """The decoder a training run's config or a package's manifest architecture describes (the heads and
    input families it names; those it leaves out are off, as in packages from before them)."""
    return DecoderV2(config.get("latent", LATENT), config["hidden"], config["layers"], config.get("transient", False),
                     config.get("pitch_rbf", False), config.get("detuned_layer", False), config.get("formant", False),
                     config.get("onset_rbf", False))


class TimbreModelV2(nn.Module):
    """DecoderV2 plus one learned latent code per training instrument (an auto-decoder)."""

    def __init__(self, instruments, config=None):
        super().__init__()
        self.config = dict(config or DEFAULT_CONFIG)
        self.codes = nn.Embedding(instruments, LATENT)
        nn.init.normal_(self.codes.weight, std=0.3)
        self.decoder = decoder_from_config(self.config)

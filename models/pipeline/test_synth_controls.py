"""The v2 synthesizer controls in the Python reference: the training renderer agrees with the
reference renderer, and each control does what docs/SYNTH.md says (fast, no training)."""
import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import hpn_synth  # noqa: E402

SR = 48000


class SynthControlsTest(unittest.TestCase):
    def test_torch_render_with_sub_partials_and_stretch_matches_the_reference(self):
        import torch
        frames = 10
        rng = np.random.default_rng(1)
        harm = rng.random((frames + 1, hpn_synth.HARMONICS)) * 0.01
        noise = rng.random((frames + 1, hpn_synth.NOISE_BANDS)) * 0.01
        sub = rng.random((frames + 1, hpn_synth.SUB_PARTIALS)) * 0.05
        ref = hpn_synth.render_reference(np.full(frames + 1, 220.0), harm, noise, sr=SR, phi0=0.25,
                                         stretch=np.full(frames + 1, 3e-4), sub=sub)
        bank = torch.tensor(hpn_synth.noise_bank(frames * SR // hpn_synth.FRAME_RATE, SR)[None], dtype=torch.float32)
        got = hpn_synth.torch_render(torch.tensor([220.0]), torch.tensor(harm[None], dtype=torch.float32),
                                     torch.tensor(noise[None], dtype=torch.float32), bank, SR, torch.tensor([0.25]),
                                     sub=torch.tensor(sub[None], dtype=torch.float32), stretch=torch.tensor([3e-4]))
        self.assertLess(float(np.abs(got.numpy()[0] - ref).max()), 2e-5)

    def test_stretched_partial_ten_is_sharp_by_the_stretch(self):
        harm = np.zeros((401, hpn_synth.HARMONICS))
        harm[:, 9] = 1.0
        audio = hpn_synth.render_reference(np.full(401, 100.0), harm, np.zeros((401, hpn_synth.NOISE_BANDS)),
                                           stretch=np.full(401, 4e-4))
        spectrum = np.abs(np.fft.rfft(audio * np.hanning(len(audio)), 8 * len(audio)))
        peak = np.fft.rfftfreq(8 * len(audio), 1 / SR)[spectrum.argmax()]
        self.assertAlmostEqual(1200 * math.log2(peak / 1000.0), 1200 * math.log2(math.sqrt(1.04)), delta=0.5)

    def test_vibrato_moves_f0_by_its_depth_and_tremolo_scales_amplitudes(self):
        frames = 200
        f0 = np.full(frames + 1, 440.0)
        harm = np.ones((frames + 1, hpn_synth.HARMONICS))
        modulation = np.tile([5.0, 30.0, 0.2], (frames + 1, 1))
        f0m, harmm, _ = hpn_synth.modulate_frames(f0, harm, modulation)
        cents = 1200 * np.log2(f0m / 440.0)
        self.assertAlmostEqual(cents.max(), 30.0, delta=0.1)
        self.assertAlmostEqual(cents.min(), -30.0, delta=0.1)
        self.assertAlmostEqual(cents[0], 0.0)
        self.assertAlmostEqual(harmm.max(), 1.2, delta=1e-3)
        # 5 Hz at 200 frames/s: one cycle every 40 frames.
        self.assertAlmostEqual(cents[10], 30.0, delta=1e-9)

    def test_a_detuned_layer_beats_at_the_detune_and_adds_nothing_at_gain_zero(self):
        frames = 400
        f0 = np.full(frames + 1, 200.0)
        harm = np.zeros((frames + 1, hpn_synth.HARMONICS))
        harm[:, 4] = 0.5  # harmonic 5 at 1 kHz: a 12-cent layer beats at 1000 (2^(12/1200) - 1) = 6.96 Hz
        noise = np.zeros((frames + 1, hpn_synth.NOISE_BANDS))
        plain = hpn_synth.render_reference(f0, harm, noise)
        silent = hpn_synth.render_reference(f0, harm, noise, layer=np.tile([12.0, 0.0], (frames + 1, 1)))
        self.assertTrue(np.array_equal(plain, silent))
        beating = hpn_synth.render_reference(f0, harm, noise, layer=np.tile([12.0, 1.0], (frames + 1, 1)))
        env = np.abs(beating).reshape(-1, 240).max(axis=1)  # the peak of every 5 ms
        spectrum = np.abs(np.fft.rfft(env - env.mean()))
        self.assertAlmostEqual(np.fft.rfftfreq(len(env), 1 / 200)[spectrum.argmax()], 1000 * (2 ** 0.01 - 1), delta=0.3)
        self.assertLess(env[100:].min(), 0.1 * env.max())  # equal copies cancel at the beat's trough

    def test_transient_decays_with_its_tau_and_is_dropped_below_the_floor(self):
        env = hpn_synth.transient_envelope(4800, SR, 0.004)
        self.assertAlmostEqual(env[192], math.exp(-1), places=12)
        last = int(np.nonzero(env)[0][-1])
        self.assertEqual(last, int(math.floor(-math.log(hpn_synth.TRANSIENT_FLOOR) * 0.004 * SR)))


if __name__ == "__main__":
    unittest.main()

"""The detuned layer end to end in Python: the analysis reads it from a note (and not from a vibrato),
the evaluation renderer draws it as the reference does, and a decoder with the layer head learns to
turn it on for an instrument that has one and exactly off for one that has none (fast, no data)."""
import os
import sys
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
import analysis  # noqa: E402
import evaluate_v2  # noqa: E402
import hpn_synth  # noqa: E402
import model_v2  # noqa: E402
import train_frames  # noqa: E402

C4 = 60


def saw_note(seconds, layer=None, modulation=None):
    frames = int(seconds * hpn_synth.FRAME_RATE)
    k = np.arange(1, hpn_synth.HARMONICS + 1)
    harm = np.tile(0.2 / k, (frames + 1, 1))
    harm[0] = 0.0
    row = lambda v: None if v is None else np.tile(v, (frames + 1, 1))  # noqa: E731
    return hpn_synth.render_reference(np.full(frames + 1, analysis.midi_hz(C4)), harm,
                                      np.zeros((frames + 1, hpn_synth.NOISE_BANDS)), layer=row(layer), modulation=row(modulation))


class DetunedLayerAnalysisTest(unittest.TestCase):
    def test_reads_the_detune_and_gain_of_a_layered_note(self):
        cents, gain = analysis.detuned_layer(saw_note(2.0, layer=[8.0, 0.7]), C4, 2.0)
        self.assertAlmostEqual(cents, 8.0, delta=0.5)
        self.assertAlmostEqual(gain, 0.7, delta=0.1)

    def test_a_plain_note_and_a_vibrato_have_no_layer(self):
        self.assertEqual(analysis.detuned_layer(saw_note(2.0), C4, 2.0), (0.0, 0.0))
        self.assertEqual(analysis.detuned_layer(saw_note(2.0, modulation=[6.0, 20.0, 0.0]), C4, 2.0), (0.0, 0.0))

    def test_a_note_too_short_to_read_is_not_a_number(self):
        self.assertTrue(np.isnan(analysis.detuned_layer(saw_note(0.6, layer=[8.0, 0.7]), C4, 0.6)[0]))


class DetunedLayerRenderTest(unittest.TestCase):
    def test_the_evaluation_renderer_draws_the_layer_as_the_reference(self):
        frames = 40
        rng = np.random.default_rng(2)
        harm = rng.random((frames + 1, hpn_synth.HARMONICS)) * 0.01
        noise = np.zeros((frames + 1, hpn_synth.NOISE_BANDS))
        f0 = np.full(frames + 1, 220.0)
        layer = np.tile([9.0, 0.6], (frames + 1, 1))
        layer[15:22, 1] = 0.0  # silent mid-note: the layer's second run starts again from phase 0
        modulation = np.tile([5.0, 15.0, 0.1], (frames + 1, 1))
        ref = hpn_synth.render_reference(f0, harm, noise, layer=layer, modulation=modulation)
        got = evaluate_v2.render_frames(f0, harm, noise, modulation=modulation, layer=layer)
        plain = evaluate_v2.render_frames(f0, harm, noise, modulation=modulation)
        self.assertLess(np.abs(got - ref).max(), 1e-6)
        self.assertGreater(np.abs(got - plain).max(), 0.05)
        hop = evaluate_v2.HOP
        self.assertEqual(np.abs(got - plain)[15 * hop:21 * hop].max(), 0.0)  # frames 15-20: gain 0 at both ends


class DetunedLayerTrainingTest(unittest.TestCase):
    def test_the_head_starts_off_and_learns_on_for_one_code_and_exactly_off_for_another(self):
        torch.manual_seed(0)
        decoder = model_v2.DecoderV2(hidden=32, layers=2, transient=True, detuned_layer=True)
        rows = 64
        z = torch.cat([torch.full((rows // 2, model_v2.LATENT), 0.5), torch.full((rows // 2, model_v2.LATENT), -0.5)])
        inputs = (z, torch.full((rows, 1), 261.6), torch.full((rows, 1), 0.8), torch.rand(rows, 1) * 3, torch.full((rows, 1), -1.0))
        self.assertTrue(torch.all(decoder(*inputs)[-1][:, 1] == 0))
        targets = {"layer_cents": torch.cat([torch.full((rows // 2, 1), 8.0), torch.zeros(rows // 2, 1)]),
                   "layer_gain": torch.cat([torch.full((rows // 2, 1), 0.7), torch.zeros(rows // 2, 1)])}
        targets["layer_gain"][0] = float("nan")  # a note too short to read trains nothing
        opt = torch.optim.Adam(decoder.parameters(), lr=3e-3)
        for _ in range(300):
            gain, cents = train_frames.layer_loss(decoder.raw(*inputs), targets)
            opt.zero_grad()
            (5.0 * gain + 0.1 * cents).backward()
            opt.step()
        layer = decoder(*inputs)[-1].detach()
        self.assertAlmostEqual(float(layer[rows // 2 - 1, 1]), 0.7, delta=0.05)
        self.assertAlmostEqual(float(layer[rows // 2 - 1, 0]), 8.0, delta=1.0)
        self.assertTrue(torch.all(layer[rows // 2:, 1] == 0))


if __name__ == "__main__":
    unittest.main()

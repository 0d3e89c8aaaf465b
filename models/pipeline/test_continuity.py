"""train_frames.continuity_loss: training on it closes the note-off jump; train_frames.blend_loss:
a path between two codes that jumps reads as far from a crossfade, and training on it evens the path.

    python3 -m unittest discover -s models/pipeline -p 'test_*.py'
"""
import math
import os
import sys
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate_v2  # noqa: E402
import model_v2  # noqa: E402
import train_frames  # noqa: E402


def batch(n=256, seed=0):
    g = torch.Generator().manual_seed(seed)
    t_on = 0.2 + 7.0 * torch.rand(n, 1, generator=g)
    t_rel = torch.where(torch.rand(n, 1, generator=g) < 0.5, -1.0, 0.5 * torch.rand(n, 1, generator=g))
    return (torch.randn(n, model_v2.LATENT, generator=g), 100.0 + 900.0 * torch.rand(n, 1, generator=g),
            torch.full((n, 1), 0.8), t_on + t_rel.clamp(min=0.0), t_rel)


class ContinuityLossTest(unittest.TestCase):
    def test_training_on_it_closes_the_note_off_jump(self):
        torch.manual_seed(1)
        decoder = model_v2.DecoderV2(hidden=16, layers=2)
        with torch.no_grad():
            released = model_v2.LATENT + 5 + len(model_v2.ONSET_TAUS)  # the "released" feature
            decoder.net[0].weight[:, released] *= 20.0  # a decoder whose released half draws other levels
            decoder.net[-1].weight.mul_(30.0)
        inputs = batch()
        with torch.no_grad():
            before = train_frames.continuity_loss(decoder, inputs).item()
        opt = torch.optim.Adam(decoder.parameters(), lr=3e-3)
        for step in range(150):
            loss = train_frames.continuity_loss(decoder, batch(seed=step + 1))
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            after = train_frames.continuity_loss(decoder, inputs).item()
        self.assertGreater(before, 3.0, f"the untrained decoder jumps {before:.1f} dB at note-off")
        self.assertLess(after, 0.3 * before, f"{before:.1f} dB -> {after:.1f} dB")


class BlendLossTest(unittest.TestCase):
    class CodeDecoder:
        """Every harmonic at level(z[:, 0]) dB, all audible; sub-partials and noise 40 dB under."""
        def __init__(self, level):
            self.level = level

        def raw(self, z, f0, velocity, t_on, t_rel):
            db = self.level(z[:, :1]) * torch.ones(1, 96)
            to_neper = model_v2.LN10_20
            return {"harm": db * to_neper, "sub": (db[:, :8] - 40) * to_neper, "noise": (db[:, :24] - 40) * to_neper,
                    "harm_audible": torch.ones_like(db)}

    def test_a_decoder_linear_in_the_code_reads_zero_and_a_step_reads_its_height(self):
        inputs = batch()
        linear = train_frames.blend_loss(self.CodeDecoder(lambda x: -20.0 + 3.0 * x), inputs).item()
        self.assertLess(linear, 1e-4)
        # a 12 dB step where z0 crosses 0: half the pairs straddle it, and a point of their path lies
        # on the wrong side of the step from the crossfade by up to 12 dB (mean over w: about 4.5 dB of it)
        step = train_frames.blend_loss(self.CodeDecoder(lambda x: -20.0 + 12.0 * (x > 0).float()), inputs).item()
        self.assertGreater(step, 1.0)
        self.assertLess(step, 12.0)

    def test_with_its_own_generator_it_reads_the_same_twice_and_leaves_the_global_stream_alone(self):
        decoder, inputs = model_v2.DecoderV2(hidden=16, layers=2), batch()
        torch.manual_seed(7)
        expected = torch.randn(3)
        torch.manual_seed(7)
        with torch.no_grad():
            first = train_frames.blend_loss(decoder, inputs, generator=torch.Generator().manual_seed(0)).item()
            second = train_frames.blend_loss(decoder, inputs, generator=torch.Generator().manual_seed(0)).item()
        self.assertEqual(first, second)
        self.assertTrue(torch.equal(torch.randn(3), expected), "the held-out figure moved training's code noise")

    def test_training_on_it_evens_a_path_that_jumps(self):
        torch.manual_seed(2)
        decoder = model_v2.DecoderV2(hidden=64, layers=2)
        with torch.no_grad():
            decoder.net[0].weight[:, :model_v2.LATENT] *= 20.0  # levels that swing sharply with the code
            decoder.net[-1].weight.mul_(30.0)
        inputs = batch()
        inputs = (inputs[0][torch.arange(len(inputs[0])) % 8],) + inputs[1:]  # eight instruments
        torch.manual_seed(3)
        with torch.no_grad():
            before = train_frames.blend_loss(decoder, inputs).item()
            ends = decoder.raw(*inputs)["harm"] / model_v2.LN10_20
        opt = torch.optim.Adam(decoder.parameters(), lr=3e-3)
        for step in range(150):
            # the codes themselves keep their levels (in training the frame loss holds them)
            anchor = (decoder.raw(*inputs)["harm"] / model_v2.LN10_20 - ends).abs().mean()
            loss = train_frames.blend_loss(decoder, inputs) + anchor
            opt.zero_grad()
            loss.backward()
            opt.step()
        torch.manual_seed(3)
        with torch.no_grad():
            after = train_frames.blend_loss(decoder, inputs).item()
        self.assertGreater(before, 3.0, f"the untrained decoder is {before:.1f} dB off a crossfade")
        self.assertLess(after, 0.3 * before, f"{before:.1f} dB -> {after:.1f} dB")
        with torch.no_grad():
            moved = (decoder.raw(*inputs)["harm"] / model_v2.LN10_20 - ends).abs().mean().item()
        self.assertLess(moved, 0.3 * before, f"the ends moved {moved:.1f} dB")


class RiseTest(unittest.TestCase):
    def test_a_swelling_sustain_delays_the_rise_re_peak_but_not_the_rise_to_the_sustain(self):
        sr = evaluate_v2.SR
        t = np.arange(int(1.5 * sr)) / sr
        level_db = np.where(t < 0.1, -40.0 + 40.0 * t / 0.1, 0.0)  # 100 ms from -40 dB to the sustain, in dB
        swells = np.where((t > 0.6) & (t < 0.7), 8.0, 0.0)  # one 8 dB swell later on, as a beating ensemble has
        tone = np.sin(2 * np.pi * 1000.0 * t)  # whole periods in the 2 ms window: a flat envelope
        steady = 10 ** (level_db / 20) * tone
        swelling = 10 ** ((level_db + swells) / 20) * tone
        ms, over = evaluate_v2.rise_to_sustain(steady)
        self.assertAlmostEqual(ms, 85.0, delta=4.0)  # -40 -> -6 dB of a 40 dB rise in 100 ms
        self.assertAlmostEqual(over, 0.0, delta=0.5)
        ms_swelling, over_swelling = evaluate_v2.rise_to_sustain(swelling)
        self.assertAlmostEqual(ms_swelling, ms, delta=1.0)
        self.assertAlmostEqual(over_swelling, 8.0, delta=0.5)
        self.assertGreater(evaluate_v2.rise_ms(swelling), 500.0)  # re peak: not there before the swell
        self.assertAlmostEqual(evaluate_v2.rise_ms(steady), ms, delta=4.0)


class NoteOffJumpTest(unittest.TestCase):
    def test_reads_the_power_step_between_the_held_and_the_released_half(self):
        class SteppedDecoder:
            """Harmonic k at 1/k, the released half 6 dB up; harmonics from 40 on inaudible and loud."""
            def raw(self, z, f0, velocity, t_on, t_rel):
                k = torch.arange(1, 97, dtype=torch.float32)[None]
                audible = (k < 40).float()
                up = (t_rel >= 0).float() * math.log(10 ** (6 / 20))
                return {"harm": -torch.log(k) + up + 5.0 * (1 - audible), "harm_audible": audible}
        jump = evaluate_v2.noteoff_jump_db(SteppedDecoder(), np.zeros(model_v2.LATENT), 60)
        self.assertAlmostEqual(jump, 6.0, places=4)

    def test_a_decoder_that_does_not_look_at_the_release_reads_zero(self):
        decoder = model_v2.DecoderV2(hidden=16, layers=2)
        z, f0, v, at = torch.zeros(1, model_v2.LATENT), torch.tensor([[261.63]]), torch.tensor([[100 / 127]]), torch.tensor([[3.0]])
        differ = (model_v2.features(z, f0, v, at, torch.tensor([[-1.0]])) != model_v2.features(z, f0, v, at, torch.tensor([[0.0]])))[0]
        self.assertGreater(int(differ.sum()), 0)
        with torch.no_grad():
            decoder.net[0].weight[:, differ] = 0.0  # blind to every input the key's release changes
        self.assertAlmostEqual(evaluate_v2.noteoff_jump_db(decoder, np.zeros(model_v2.LATENT), 60), 0.0, places=4)


if __name__ == "__main__":
    unittest.main()

"""evaluate_v2.dc_blocked: a real note's DC offset (FluidR3's warm pad carries one as strong as its tone)
no longer decides its log-spectral distance, and the tone itself comes through unchanged."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analysis  # noqa: E402
import evaluate  # noqa: E402
import evaluate_v2  # noqa: E402

SR = evaluate_v2.SR


def pad_like(offset):
    """2 s of a C4 with three harmonics under a 0.5 s swell-in, plus an offset that follows the envelope."""
    t = np.arange(2 * SR) / SR
    envelope = np.minimum(t / 0.5, 1.0)
    tone = sum(0.05 / k * np.sin(2 * np.pi * k * analysis.midi_hz(60) * t) for k in (1, 2, 3))
    return envelope * (tone + offset)


class DcOffsetTest(unittest.TestCase):
    def test_an_offset_as_strong_as_the_tone_decided_the_distance_and_no_longer_does(self):
        clean, offset = pad_like(0.0), pad_like(0.043)
        self.assertGreater(evaluate.log_spectral_distance(clean, offset), 3.0, "the offset's bin outweighs the tone")
        # What is left is the offset's rise with the swell-in: low-frequency energy in a synthetic tone's empty bins.
        self.assertLess(evaluate.log_spectral_distance(clean, evaluate_v2.dc_blocked(offset)), 1.0)

    def test_the_tone_comes_through(self):
        clean = pad_like(0.0)
        blocked = evaluate_v2.dc_blocked(clean)
        steady = slice(SR, 2 * SR)
        self.assertAlmostEqual(10 * np.log10((blocked[steady] ** 2).mean() / (clean[steady] ** 2).mean()), 0.0, places=2)
        self.assertEqual(evaluate_v2.rise_ms(blocked), evaluate_v2.rise_ms(clean))


if __name__ == "__main__":
    unittest.main()

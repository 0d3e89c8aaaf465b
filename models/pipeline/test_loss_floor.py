"""train_frames.frame_loss's level floor: a weak partial under the floor does not count, and lowering
the floor (--floor-below-peak 80) makes the decoder answer for it (a low e-piano note's odd harmonics,
70-77 dB under its loudest, drawn 10 dB too deep, stood its even ones out as spikes)."""
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_v2  # noqa: E402
import train_frames  # noqa: E402

K = model_v2.hpn_synth.HARMONICS


class FixedDecoder:
    """Draws the given harmonic levels (dB), everything else at its target."""
    harmonic_numbers = torch.arange(1, K + 1, dtype=torch.float32)
    sub_numbers = torch.arange(1, model_v2.SUBS + 1, dtype=torch.float32) - 0.5

    def __init__(self, harm_db):
        self.harm_db = harm_db

    def raw(self, z, f0, velocity, t_on, t_rel):
        n = len(z)
        nep = model_v2.LN10_20
        return {"harm": self.harm_db * nep, "sub": torch.full((n, model_v2.SUBS), -120.0 * nep),
                "noise": torch.full((n, model_v2.hpn_synth.NOISE_BANDS), -120.0 * nep),
                "stretch": torch.zeros(n, 1), "rate": torch.full((n, 1), 5.0), "depth": torch.zeros(n, 1),
                "tremolo": torch.zeros(n, 1)}


def harmonic_error_db(floor_db):
    """frame_loss's harmonic part for a C1 frame whose odd harmonic 61 sits 74 dB under the loudest and
    is drawn 88 dB under it."""
    target = torch.full((1, K), -200.0)
    target[0, :60] = -20.0 - torch.arange(60, dtype=torch.float32) * 0.5  # 1-60: 0..-29.5 dB re the loudest
    target[0, 60] = -94.0
    drawn = target.clone()
    drawn[0, 60] = -108.0
    inputs = (torch.zeros(1, model_v2.LATENT), torch.tensor([[32.7]]), torch.tensor([[0.8]]), torch.tensor([[0.5]]),
              torch.tensor([[-1.0]]))
    targets = {"harm_db": target, "sub_db": torch.full((1, model_v2.SUBS), -120.0),
               "noise_db": torch.full((1, model_v2.hpn_synth.NOISE_BANDS), -120.0),
               "stretch": torch.zeros(1, 1), "rate": torch.full((1, 1), 5.0), "depth": torch.zeros(1, 1),
               "tremolo": torch.zeros(1, 1)}
    _, parts = train_frames.frame_loss(FixedDecoder(drawn), inputs, targets, parts=True, floor_db=floor_db)
    return parts["harm_db"]


class LossFloorTest(unittest.TestCase):
    def test_a_partial_under_the_floor_does_not_count(self):
        self.assertAlmostEqual(harmonic_error_db(70.0), 0.0, places=5)

    def test_a_lower_floor_counts_it(self):
        # -94 against the floor 80 dB under the loudest (-100): 6 dB on one of the K harmonics (all audible at C1).
        self.assertAlmostEqual(harmonic_error_db(80.0), 6.0 / K, places=5)


if __name__ == "__main__":
    unittest.main()

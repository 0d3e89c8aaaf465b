"""train_frames' level losses. frame_loss's floor: a weak partial under it does not count, however
deep it is drawn. spike_loss: a drawn harmonic standing over both neighbours further than its target
does costs the excess over a margin, and its gradient lifts the neighbours (a low e-piano note's odd
harmonics, 70-77 dB under its loudest and so under the floor, were drawn 10 dB too deep and its even
ones stood out as whistles)."""
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


def harmonic_error_db():
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
    _, parts = train_frames.frame_loss(FixedDecoder(drawn), inputs, targets, parts=True)
    return parts["harm_db"]


class LossFloorTest(unittest.TestCase):
    def test_a_partial_under_the_floor_does_not_count(self):
        self.assertAlmostEqual(harmonic_error_db(), 0.0, places=5)


def comb(lead_db, k=60):
    """A frame of K harmonics falling 0.5 dB each from -20 dB, harmonic k lead_db over its neighbours."""
    levels = -20.0 - 0.5 * torch.arange(K, dtype=torch.float32)[None, :]
    levels[0, k - 2] -= lead_db
    levels[0, k] -= lead_db
    return levels


class SpikeLossTest(unittest.TestCase):
    def test_a_lead_the_target_has_costs_nothing(self):
        self.assertEqual(train_frames.spike_loss(comb(9.0), comb(9.0), torch.ones(1, K)).item(), 0.0)

    def test_a_lead_beyond_the_targets_and_the_margin_costs_the_excess(self):
        drawn = comb(20.0).requires_grad_(True)
        loss = train_frames.spike_loss(drawn, comb(8.0), torch.ones(1, K))
        # The lead is 20 + 0.5 dB (the slope makes the lower neighbour the louder one) against 8.5.
        self.assertAlmostEqual(loss.item(), 20.5 - 8.5 - train_frames.SPIKE_MARGIN_DB, places=4)
        loss.backward()
        self.assertLess(drawn.grad[0, 58].item(), 0.0, "descending the loss lifts the louder neighbour")
        self.assertGreater(drawn.grad[0, 59].item(), 0.0, "and lowers the lone harmonic")

    def test_a_lone_harmonic_beyond_reach_of_the_loudest_does_not_count(self):
        def loss(upper_db):  # harmonics 50 and up moved by upper_db: harmonic 60 at -49.5 + upper_db re the loudest
            drawn, target = comb(20.0), comb(8.0)
            drawn[0, 49:] += upper_db
            target[0, 49:] += upper_db
            return train_frames.spike_loss(drawn, target, torch.ones(1, K)).item()
        self.assertGreater(loss(-5.0), 0.0)
        self.assertEqual(loss(-5.0 - train_frames.SPIKE_REACH_DB), 0.0)


if __name__ == "__main__":
    unittest.main()

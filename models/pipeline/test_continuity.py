"""train_frames.continuity_loss: training on it closes the note-off jump.

    python3 -m unittest discover -s models/pipeline -p 'test_*.py'
"""
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
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


if __name__ == "__main__":
    unittest.main()

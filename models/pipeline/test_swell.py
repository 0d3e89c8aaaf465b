"""model_v2's swell features: a package fine-tuned into them starts from exactly its own sound, and with
them a decoder draws a level that swells and ebbs over a held note, which the smooth time features
alone average away."""
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_v2  # noqa: E402
import train_frames  # noqa: E402

C4_HZ = 261.63


def held_frames(n=256):
    """Inputs for n frames of one held C4 note, 0.2-2.6 s after onset."""
    t = torch.linspace(0.2, 2.6, n)[:, None]
    return (torch.zeros(n, model_v2.LATENT), torch.full((n, 1), C4_HZ), torch.full((n, 1), 0.8), t, torch.full((n, 1), -1.0))


def swell_fit_error_db(swell, steps=300):
    """Mean |dB| left after fitting a tiny decoder's first harmonic to -20 dB +- 4 dB at 3 Hz."""
    torch.manual_seed(0)
    decoder = model_v2.DecoderV2(hidden=32, layers=2, swell=swell)
    inputs = held_frames()
    target = -20.0 + 4.0 * torch.sin(2 * torch.pi * 3.0 * inputs[3])
    opt = torch.optim.Adam(decoder.parameters(), lr=1e-2)
    for _ in range(steps):
        level = decoder.raw(*inputs)["harm"][:, :1] / model_v2.LN10_20
        loss = (level - target).abs().mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


class SwellTest(unittest.TestCase):
    def test_a_package_fine_tuned_into_swells_starts_from_its_own_sound(self):
        torch.manual_seed(0)
        old = model_v2.DecoderV2(hidden=16, layers=2, transient=True, detuned_layer=True)
        new = model_v2.DecoderV2(hidden=16, layers=2, transient=True, detuned_layer=True, swell=True)
        train_frames.load_decoder_into(old, new)
        inputs = held_frames(8)
        with torch.no_grad():
            for a, b in zip(old(*inputs), new(*inputs)):
                self.assertTrue(torch.equal(a, b))

    def test_swell_features_let_the_decoder_draw_a_swelling_sustain(self):
        smooth, swelling = swell_fit_error_db(False), swell_fit_error_db(True)
        self.assertGreater(smooth, 1.5, "the smooth time features alone average a 3 Hz swell away")
        self.assertLess(swelling, 0.5 * smooth)

    def test_swells_hold_still_past_the_time_features_end(self):
        decoder = model_v2.DecoderV2(hidden=16, layers=2, swell=True)
        late = held_frames(4)
        late = late[:3] + (torch.tensor([[7.0], [9.0], [20.0], [60.0]]), late[4])
        with torch.no_grad():
            features = model_v2.features(*late, swell=True)[:, -2 * len(model_v2.SWELL_HZ):]
        self.assertTrue(torch.equal(features[0], features[3]), "a held note does not keep swelling at the features' end")


if __name__ == "__main__":
    unittest.main()

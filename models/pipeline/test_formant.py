"""model_v2's formant bands: levels fixed in frequency, added to every partial's own level."""
import math
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_v2  # noqa: E402
import train_frames  # noqa: E402


def frame_inputs(f0_hz, rows=1):
    z = torch.zeros(rows, model_v2.LATENT)
    full = lambda v: torch.full((rows, 1), float(v))  # noqa: E731
    return z, full(f0_hz), full(0.8), full(1.0), full(-1.0)


def band_hz(j):
    lo, hi = model_v2.FORMANT_LO_HZ, model_v2.FORMANT_HI_HZ
    return lo * (hi / lo) ** (j / (model_v2.FORMANT_BANDS - 1))


class FormantTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.plain = model_v2.DecoderV2(hidden=32, layers=2, transient=True, detuned_layer=True)
        self.formant = model_v2.DecoderV2(hidden=32, layers=2, transient=True, detuned_layer=True, formant=True)
        train_frames.load_decoder_into(self.plain, self.formant)

    def test_a_new_head_decodes_what_the_decoder_without_it_did(self):
        with torch.no_grad():
            for f0 in (65.0, 262.0, 1047.0):
                a, b = self.plain.raw(*frame_inputs(f0)), self.formant.raw(*frame_inputs(f0))
                for key in ("harm", "sub", "noise", "layer_gain"):
                    torch.testing.assert_close(a[key], b[key])

    def test_a_band_raises_the_partials_at_its_frequency_whatever_their_number(self):
        j = 22  # about 2.8 kHz: a choir's formant
        with torch.no_grad():
            self.formant.net[-1].bias[self.formant.formant_at + j] = 20.0 * model_v2.LN10_20
            for k in (11, 13):  # two pitches: the same frequency on harmonic 11 and on harmonic 13
                f0 = band_hz(j) / k
                a, b = self.plain.raw(*frame_inputs(f0)), self.formant.raw(*frame_inputs(f0))
                raised_db = (b["harm"] - a["harm"])[0] / model_v2.LN10_20
                self.assertAlmostEqual(raised_db[k - 1].item(), 20.0, delta=0.01)
                self.assertAlmostEqual(raised_db[k - 4].item(), 0.0, delta=0.01)  # harmonic k-3, 0.38-0.46 octave lower: past the next band
                between = raised_db[k - 2].item()  # a neighbour within one band gets part of it
                self.assertTrue(0.0 < between < 20.0, between)

    def test_the_band_axis_is_a_quarter_of_an_octave(self):
        octaves = math.log2(model_v2.FORMANT_HI_HZ / model_v2.FORMANT_LO_HZ) / (model_v2.FORMANT_BANDS - 1)
        self.assertAlmostEqual(octaves, 0.257, delta=0.001)


if __name__ == "__main__":
    unittest.main()

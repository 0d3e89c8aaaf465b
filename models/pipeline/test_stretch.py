"""analysis.fit_stretch keeps a partial stretch only where the partials are where it puts them."""
import os
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analysis  # noqa: E402
import evaluate_v2  # noqa: E402
import hpn_synth  # noqa: E402


def tone(f0, b, seconds=1.0):
    """Partials k = 1..40 at k f0 sqrt(1 + b k^2), amplitude 1/k."""
    t = np.arange(int(seconds * analysis.SR)) / analysis.SR
    k = np.arange(1, 41)
    freqs = k * f0 * np.sqrt(1 + b * k * k)
    keep = freqs < 0.45 * analysis.SR
    return (np.sin(2 * np.pi * freqs[keep, None] * t[None, :]) / k[keep, None]).sum(axis=0) * 0.05


def spectrum(x):
    start, n = int(0.05 * analysis.SR), 16384
    mag, _, n_fft = analysis.windowed_spectra(x, np.array([start + n // 2]), n, pad=4)
    return mag, n_fft


class StretchTest(unittest.TestCase):
    def test_a_stretch_explains_a_stretched_tone_and_not_a_harmonic_one(self):
        f0 = analysis.midi_hz(48)
        self.assertTrue(analysis.stretch_explains(*spectrum(tone(f0, 4e-4)), f0, 4e-4))
        self.assertFalse(analysis.stretch_explains(*spectrum(tone(f0, 0.0)), f0, 6e-4))
        self.assertTrue(analysis.stretch_explains(*spectrum(tone(f0, 0.0)), f0, 1e-9), "a B that moves nothing stands")

    def test_fluidr3s_choir_reads_no_stretch_and_its_piano_its_own(self):
        with tempfile.TemporaryDirectory() as cache:
            choir = evaluate_v2.render_real(52, 36, 100, 3.0, 4.0, cache)  # C2: the fit alone read B = 5.8e-4
            piano = evaluate_v2.render_real(0, 60, 100, 3.0, 4.0, cache)
        self.assertEqual(analysis.fit_stretch(choir, analysis.midi_hz(36))[1], 0.0)
        self.assertAlmostEqual(analysis.fit_stretch(piano, analysis.midi_hz(60))[1] / 3.2e-4, 1.0, delta=0.15)
        self.assertLess(hpn_synth.HARMONICS, 97)  # (the fit's widest pass is the synthesizer's 96 partials)


if __name__ == "__main__":
    unittest.main()

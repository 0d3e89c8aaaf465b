"""evaluate_v2.held_depth_cents reads a note's vibrato on its held part: the frames after note-off only
repeat the depth the analysis read at note-off, and counted in they decided the median."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analysis  # noqa: E402
import evaluate_v2  # noqa: E402
import hpn_synth  # noqa: E402


class VibratoReadingTest(unittest.TestCase):
    def test_the_release_frames_do_not_decide_the_depth(self):
        frames = np.arange(0, 1200, 4)  # 6 s of frames, held 3 s
        depth = np.where(frames < 600, 10.0, 4.0)  # the release repeating an unsteady reading at note-off
        self.assertEqual(evaluate_v2.held_depth_cents({"frames": frames, "vib_depth": depth}, 3.0), 10.0)

    def test_a_rendered_vibrato_reads_its_depth(self):
        held, total = 300, 600  # 1.5 s held, 1.5 s of a 30 dB/s release
        f0 = np.full(total + 1, analysis.midi_hz(60))
        harm = np.zeros((total + 1, hpn_synth.HARMONICS))
        fall_db = np.where(np.arange(total + 1) > held, (np.arange(total + 1) - held) * 30.0 / hpn_synth.FRAME_RATE, 0.0)
        harm[:, :12] = 0.2 * 10 ** (-3 * np.arange(12) / 20)[None, :] * 10 ** (-fall_db / 20)[:, None]
        noise = np.full((total + 1, hpn_synth.NOISE_BANDS), 1e-6)
        note = hpn_synth.render_reference(f0, harm, noise, modulation=np.tile([5.5, 12.0, 0.0], (total + 1, 1)))
        a = analysis.analyse_note(note, 60, held / hpn_synth.FRAME_RATE)
        self.assertAlmostEqual(evaluate_v2.held_depth_cents(a, held / hpn_synth.FRAME_RATE), 12.0, delta=2.0)


if __name__ == "__main__":
    unittest.main()

"""evaluate_v2.spikes: a lone loud harmonic is a spike; one quieter than the audibility cut is not,
unless the cut is lowered (how the real note's own spikes are read)."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analysis  # noqa: E402
import evaluate_v2  # noqa: E402

C3 = 48


def note_with_harmonic_19_at(level_db):
    """A 1 s C3 note: harmonics 1-30 falling 2 dB each from 0 dB, 19 alone at level_db, its neighbours 30 dB under it."""
    t = np.arange(evaluate_v2.SR) / evaluate_v2.SR
    f0 = analysis.midi_hz(C3)
    levels = {k: -2.0 * (k - 1) for k in range(1, 31)}
    levels[18] = levels[20] = level_db - 30
    levels[19] = level_db
    return sum(10 ** (db / 20) * np.sin(2 * np.pi * k * f0 * t) for k, db in levels.items())


class SpikesTest(unittest.TestCase):
    def test_a_lone_partial_counts_where_it_is_within_reach_of_the_loudest(self):
        self.assertEqual(evaluate_v2.spikes(note_with_harmonic_19_at(-40.0), C3), [19])
        self.assertEqual(evaluate_v2.spikes(note_with_harmonic_19_at(-65.0), C3), [])
        self.assertEqual(evaluate_v2.spikes(note_with_harmonic_19_at(-65.0), C3, within_db=80.0), [19])


if __name__ == "__main__":
    unittest.main()

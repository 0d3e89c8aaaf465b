"""train_frames.FrameSet.draw: the shares of a batch drawn from a note's onset, its rise, the held
frames past the time features' end (a long note's late decay) and the start of its release."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_v2  # noqa: E402
import train_frames  # noqa: E402


def frames_of_one_8s_note():
    """A FrameSet holding one note at 200 frames per second: held 8 s, then 3 s of release."""
    frames = train_frames.FrameSet.__new__(train_frames.FrameSet)
    t = np.arange(11 * 200) / 200
    frames.cols = {"t_on": t.astype(np.float32), "t_rel": np.where(t >= 8, t - 8, -1.0).astype(np.float32)}
    frames.index_rows()
    return frames


class DrawTest(unittest.TestCase):
    def test_each_share_comes_from_its_own_rows_and_the_rest_from_anywhere(self):
        frames = frames_of_one_8s_note()
        rows = frames.draw(np.random.default_rng(0), 1000, onset_share=0.1, rise_share=0.2, late_share=0.3,
                           release_share=0.1)
        t_on, t_rel = frames.cols["t_on"][rows], frames.cols["t_rel"][rows]
        self.assertEqual(len(rows), 1000)
        self.assertTrue(np.all(t_on[300:400] < train_frames.ONSET_S))
        self.assertTrue(np.all((t_on[400:600] >= train_frames.ONSET_S) & (t_on[400:600] < train_frames.RISE_S)))
        late = slice(600, 900)
        self.assertTrue(np.all((t_on[late] > model_v2.HELD_FEATURE_S) & (t_rel[late] < 0)))
        self.assertTrue(np.all((t_rel[900:] >= 0) & (t_rel[900:] < train_frames.RELEASE_ONSET_S)))
        self.assertGreater(t_rel[:300].max(), 0)  # the uniform part reaches the release too

    def test_without_shares_every_row_is_drawn_uniformly(self):
        frames = frames_of_one_8s_note()
        rows = frames.draw(np.random.default_rng(1), 20000, onset_share=0.0)
        late = (frames.cols["t_on"][rows] > model_v2.HELD_FEATURE_S) & (frames.cols["t_rel"][rows] < 0)
        self.assertAlmostEqual(late.mean(), 2 / 11, delta=0.02)  # 6-8 s of an 11 s note


if __name__ == "__main__":
    unittest.main()

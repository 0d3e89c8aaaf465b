"""transient.py against notes whose onset burst is known: rendered by the reference synthesizer itself."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analysis  # noqa: E402
import evaluate_v2  # noqa: E402
import hpn_synth  # noqa: E402
import transient  # noqa: E402

FRAMES = 100  # 0.5 s of C4: ten harmonics at a steady level
PITCH = 60


def note(burst=None, attack_frames=0):
    harm = np.zeros((FRAMES + 1, hpn_synth.HARMONICS))
    harm[:, :10] = 0.05 * 10 ** (-3 * np.arange(10) / 20)
    if attack_frames:
        harm[:attack_frames] *= (np.arange(attack_frames) / attack_frames)[:, None]
    noise = np.full((FRAMES + 1, hpn_synth.NOISE_BANDS), 1e-5)
    return hpn_synth.render_reference(np.full(FRAMES + 1, analysis.midi_hz(PITCH)), harm, noise, transient=burst)


def measured(x):
    a = analysis.analyse_note(x, PITCH, 0.4)
    t = transient.analyse_transient(x[analysis.onset_sample(x):], a, PITCH)
    gains = np.where(t["transient_db"].astype(float) <= analysis.FLOOR_DB, 0.0, 10 ** (t["transient_db"].astype(float) / 20))
    return a, gains, float(t["transient_tau"])


def played_burst(gains, tau, frames=20):
    """The synthesizer's burst alone (band gains, decay tau s) from a note's first sample."""
    return evaluate_v2.render_frames(np.full(frames + 1, analysis.midi_hz(PITCH)), np.zeros((frames + 1, hpn_synth.HARMONICS)),
                                     np.zeros((frames + 1, hpn_synth.NOISE_BANDS)), transient=np.concatenate([gains, [tau]]))


def level_db(y):
    return 10 * np.log10((y ** 2).mean())


class TransientTest(unittest.TestCase):
    def test_a_click_at_the_onset_is_measured_and_played_back_at_its_level(self):
        burst = np.zeros(hpn_synth.NOISE_BANDS + 1)
        bands = np.array(hpn_synth.noise_band_centres())
        burst[:-1] = np.where(bands > 2000, 0.3, 0.0)   # a click above 2 kHz, 3 ms long
        burst[-1] = 0.003
        x = note(burst)
        a, gains, tau = measured(x)
        self.assertLess(abs(np.log(tau / 0.003)), np.log(2.0), f"tau {tau * 1000:.1f} ms, the click's 3 ms")
        high = bands > 3000
        click_db = 20 * np.log10(np.sqrt((gains[high] ** 2).mean()) / 0.3)
        # Each band read on its own put a broadband click 10-17 dB over the real one (neighbours overlap).
        self.assertLess(abs(click_db), 4.0, f"click level {click_db:.1f} dB re the real one")
        self.assertEqual(gains[bands < transient.LOWEST_HZ].max(), 0.0, "bands a 2.7 ms window cannot resolve stay silent")
        # Played back: the first 4 ms of the resynthesis with the measured burst have the click's level.
        played = transient.resynthesis(a, PITCH, 0.1)
        with_burst = played + played_burst(gains, tau)[:len(played)]
        start = analysis.onset_sample(x)
        first = lambda y: level_db(y[:192])  # noqa: E731
        self.assertLess(abs(first(with_burst) - first(x[start:])), 3.0)
        self.assertGreater(first(x[start:]) - first(played), 6.0, "without the burst the start is too quiet")

    def test_a_swell_gets_no_burst_and_a_strike_only_what_the_frames_miss(self):
        burst_db = lambda gains, tau: 10 * np.log10((played_burst(gains, tau)[:240] ** 2).mean() + 1e-30)  # noqa: E731
        x = note(attack_frames=6)  # a 30 ms swell: the frames carry it
        _, gains, tau = measured(x)
        self.assertLess(burst_db(gains, tau) - level_db(x[:2400]), -30.0)
        # Struck at full level from its first sample: frame 0 is silent and the synthesizer ramps to
        # frame 1 over 5 ms, so the upper partials' first milliseconds are missing and the burst fills
        # them in, briefly and never louder than the note.
        x = note()
        _, gains, tau = measured(x)
        self.assertLess(burst_db(gains, tau) - level_db(x[:240]), 0.0)
        self.assertLess(tau, 0.008)


class TransientHeadTest(unittest.TestCase):
    def test_a_package_without_the_head_fine_tunes_from_its_own_outputs(self):
        import torch
        import model_v2
        import train_frames
        torch.manual_seed(0)
        old = model_v2.DecoderV2(hidden=16, layers=2)
        new = model_v2.DecoderV2(hidden=16, layers=2, transient=True)
        train_frames.load_decoder_into(old, new)
        args = (torch.randn(3, model_v2.LATENT), torch.full((3, 1), 261.6), torch.full((3, 1), 0.8),
                torch.tensor([[0.0], [0.5], [9.0]]), torch.tensor([[-1.0], [-1.0], [2.0]]))
        with torch.no_grad():
            before, after = old(*args), new(*args)
        for a, b in zip(before, after):
            self.assertTrue(torch.equal(a, b))
        gains, tau = after[5][:, :-1], after[5][:, -1]
        self.assertLess(float(gains.max()), 10 ** (-60 / 20), "the new head starts near silent")
        self.assertTrue(torch.all((tau >= hpn_synth.TRANSIENT_MIN_S) & (tau <= hpn_synth.TRANSIENT_MAX_S)))

    def test_a_decoder_grows_pitch_zones_drawing_what_it_drew(self):
        """Fine-tuning a package into pitch-zone inputs starts from exactly its sound, and the zones can
        then tell two keys a semitone apart where pitch and pitch^2 alone move little."""
        import torch
        import model_v2
        import train_frames
        torch.manual_seed(0)
        old = model_v2.DecoderV2(hidden=16, layers=2, transient=True)
        new = model_v2.DecoderV2(hidden=16, layers=2, transient=True, pitch_rbf=True)
        train_frames.load_decoder_into(old, new)
        f0 = torch.tensor([[110.0], [261.6], [277.2], [1760.0]])
        args = (torch.randn(4, model_v2.LATENT), f0, torch.full((4, 1), 0.8), torch.full((4, 1), 0.5), torch.full((4, 1), -1.0))
        with torch.no_grad():
            for a, b in zip(old(*args), new(*args)):
                self.assertTrue(torch.equal(a, b))
        zones = model_v2.features(*args, pitch_rbf=True)[:, model_v2.FEATURES:]
        self.assertEqual(zones.shape[1], len(model_v2.PITCH_RBF_CENTRES))
        self.assertGreater(float((zones[1] - zones[2]).abs().max()), 0.3, "C4 and C#4 light different zones")

    def test_a_decoder_grows_onset_zones_drawing_what_it_drew(self):
        """Onset zones come after the pitch zones: a package with pitch zones grows into them drawing exactly
        what it drew, and they tell two moments 25 ms apart in a rise where log time alone moves little."""
        import torch
        import model_v2
        import train_frames
        torch.manual_seed(0)
        old = model_v2.DecoderV2(hidden=16, layers=2, transient=True, pitch_rbf=True)
        new = model_v2.DecoderV2(hidden=16, layers=2, transient=True, pitch_rbf=True, onset_rbf=True)
        train_frames.load_decoder_into(old, new)
        t_on = torch.tensor([[0.0], [0.2], [0.225], [1.2], [4.0]])
        args = (torch.randn(5, model_v2.LATENT), torch.full((5, 1), 261.6), torch.full((5, 1), 0.8), t_on, torch.full((5, 1), -1.0))
        with torch.no_grad():
            for a, b in zip(old(*args), new(*args)):
                self.assertTrue(torch.equal(a, b))
        zones = model_v2.features(*args, pitch_rbf=True, onset_rbf=True)[:, model_v2.FEATURES + len(model_v2.PITCH_RBF_CENTRES):]
        self.assertEqual(zones.shape[1], len(model_v2.ONSET_RBF_CENTRES_S))
        self.assertGreater(float((zones[1] - zones[2]).abs().max()), 0.5, "0.2 s and 0.225 s light different zones")
        self.assertGreater(float(zones[3].max()), 0.5, "1.2 s lies in a zone")
        self.assertLess(float(zones[4].max()), 1e-6, "long after the onset no zone is lit: the sustain is the smooth features'")


if __name__ == "__main__":
    unittest.main()

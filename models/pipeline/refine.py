"""How `nsynthbox import` turns a note into a code (the C# runtime follows the same steps,
src/NSynthBox.Neural/Encoding/CodeRefiner.cs): the encoder's guess, then a Nelder-Mead search
that moves the code to fit the recorded note's band powers better, kept near the guess by a
small pull (a single note says little about other pitches; the guess carries what the encoder
learned about instruments)."""
import numpy as np
import torch

import encoder as enc

# Measured with evaluate_import.py on TimGM6mb (16 instruments, other pitches within an octave): from ONE
# note, refining made other pitches worse (mean LSD 8.83 dB with the encoder's code alone, 9.02 refined with
# PULL 4 over 150 evaluations, 9.34 with PULL 0.5 over 300): a single note says too little about other
# pitches, so the fit over-fits it. The search runs only when several notes (several pitches) are given.
MIN_NOTES = 2
STEP = 0.15          # initial simplex edge, in code units (codes spread about 0.3-1 per dimension)
PULL = 0.5           # dB per unit squared distance from the encoder's guess
MAX_EVALUATIONS = 300
START = "guess"      # the box's choice; "best" (see import_code) is for evaluate_import.py experiments


def fit(decoder, predictor, z, feats, f0):
    """Fit distance (dB) of each code in z [B, L] to one note's features [1, F, BANDS] at f0 [1, 1]."""
    b = z.shape[0]
    with torch.no_grad():
        pred = enc.decode_bands(decoder, predictor, z, f0.expand(b, 1), torch.full((b, 1), enc.IMPORT_VELOCITY))
        return enc.fit_distance(pred, feats.expand(b, -1, -1)).numpy().astype(np.float64)


def nearest_builtin(decoder, predictor, codes, feats, f0):
    return nearest_builtin_notes(decoder, predictor, codes, [feats], [f0])


def nelder_mead(f, x0, step, max_evaluations):
    """Textbook Nelder-Mead (reflect 1, expand 2, contract 0.5, shrink 0.5), a simplex of x0 and
    x0 + step * e_i, stopping after max_evaluations. Deterministic."""
    n = len(x0)
    simplex = [np.array(x0, dtype=np.float64)] + [np.array(x0, dtype=np.float64) + step * np.eye(n)[i] for i in range(n)]
    values = [f(x) for x in simplex]
    evaluations = n + 1
    while evaluations < max_evaluations:
        order = np.argsort(values, kind="stable")
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        centroid = np.mean(simplex[:-1], axis=0)
        reflected = centroid + (centroid - simplex[-1])
        fr = f(reflected)
        evaluations += 1
        if fr < values[0]:
            expanded = centroid + 2.0 * (centroid - simplex[-1])
            fe = f(expanded)
            evaluations += 1
            simplex[-1], values[-1] = (expanded, fe) if fe < fr else (reflected, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = reflected, fr
        else:
            contracted = centroid + 0.5 * (simplex[-1] - centroid) if fr >= values[-1] else centroid + 0.5 * (reflected - centroid)
            fc = f(contracted)
            evaluations += 1
            if fc < min(fr, values[-1]):
                simplex[-1], values[-1] = contracted, fc
            else:
                for i in range(1, n + 1):
                    simplex[i] = simplex[0] + 0.5 * (simplex[i] - simplex[0])
                    values[i] = f(simplex[i])
                evaluations += n
    best = int(np.argmin(values))
    return simplex[best], values[best]


def import_code(decoder, predictor, encoder, codes, feats, f0, refine_code=True, start=START):
    """-> (code as a numpy array, fit in dB). start: "guess" refines the encoder's code; "best"
    refines whichever of the encoder's code and the built-in codes fits the note best."""
    with torch.no_grad():
        guess = encoder(feats, f0)[0].numpy().astype(np.float64)
    if start == "best":  # before the refinement check: "best" without refinement picks the better start
        candidates = torch.cat([torch.tensor(guess[None], dtype=torch.float32), codes])
        guess = candidates[int(np.argmin(fit(decoder, predictor, candidates, feats, f0)))].numpy().astype(np.float64)
    if not refine_code:
        return guess.astype(np.float32), float(fit(decoder, predictor, torch.tensor(guess[None], dtype=torch.float32), feats, f0)[0])

    def objective(z):
        d = fit(decoder, predictor, torch.tensor(z[None], dtype=torch.float32), feats, f0)[0]
        return d + PULL * float(((z - guess) ** 2).sum())

    z, _ = nelder_mead(objective, guess, STEP, MAX_EVALUATIONS)
    return z.astype(np.float32), float(fit(decoder, predictor, torch.tensor(z[None], dtype=torch.float32), feats, f0)[0])


def import_code_notes(decoder, predictor, encoder, codes, feats_list, f0_list, refine_code=True):
    """Several notes of one instrument (as `nsynthbox import A.wav B.wav ...`): the mean of the
    encoder's guesses, refined against all the notes' mean fit when there are MIN_NOTES or more.
    -> (code, mean fit in dB)."""
    with torch.no_grad():
        guess = np.mean([encoder(f, p)[0].numpy().astype(np.float64) for f, p in zip(feats_list, f0_list)], axis=0)

    def mean_fit(z):
        zt = torch.tensor(np.asarray(z)[None], dtype=torch.float32)
        return float(np.mean([fit(decoder, predictor, zt, f, p)[0] for f, p in zip(feats_list, f0_list)]))

    z = guess
    if refine_code and len(feats_list) >= MIN_NOTES:
        z, _ = nelder_mead(lambda x: mean_fit(x) + PULL * float(((x - guess) ** 2).sum()), guess, STEP, MAX_EVALUATIONS)
    return np.asarray(z, dtype=np.float32), mean_fit(z)


def nearest_builtin_notes(decoder, predictor, codes, feats_list, f0_list):
    """The built-in code with the best mean fit over several notes."""
    d = np.mean([fit(decoder, predictor, codes, f, p) for f, p in zip(feats_list, f0_list)], axis=0)
    i = int(np.argmin(d))
    return i, float(d[i])

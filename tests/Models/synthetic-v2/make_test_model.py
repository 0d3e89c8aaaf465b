"""Writes a tiny v2 model package for the engine's tests: decoder.onnx, whose outputs are simple
functions of its inputs (no training, no torch), and manifest.json. Each latent axis switches on one
v2 control, so an instrument's code says what it does:

* every code: harmonics 1..12 at 0.2/k, times velocity, decaying as exp(-t_onset / 4 s) while held
  (no clamp: it keeps decaying past the 3 s training hold of v1), and after note-off as
  exp(-2 t_release) (-40 dB 2.3 s after note-off); no noise;
* z[0] = 1: vibrato 6 Hz, 20 cents peak, with 10 % tremolo ("Violin-like");
* z[1] = 1: stretch B = 4e-4 (partial 10 sharp by 1200 log2(sqrt(1.04)) = 34 cents) ("Stretched");
* z[2] = 1: a sub-partial at f0/2 as loud as the fundamental ("Organ-like");
* z[3] = 1: an onset burst of 0.3 in every noise band, decaying with tau = 4 ms ("Struck");
* z[4] = 1: a detuned layer 12 cents sharp at gain 1 (an equal second copy of the harmonics);
* z[5] = 1: harmonic 5 alone at 0.2 instead of harmonics 1..12 (with z[4]: "Beating", one partial
  beating at 5 f0 (2^(12/1200) - 1) Hz);
* z[6] = 1: a layer output of 12 cents at gain 0 ("Silent layer": must sound exactly as "Plain").

    /usr/bin/python3 tests/Models/synthetic-v2/make_test_model.py   (rewrites both files here)
"""
import hashlib
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
LATENT, HARMONICS, BANDS, SUBS = 16, 96, 24, 8
HOLD_DECAY_S, RELEASE_RATE = 4.0, 2.0
VIBRATO_HZ, VIBRATO_CENTS, TREMOLO = 6.0, 20.0, 0.1
STRETCH, SUB_LEVEL, BURST_GAIN, BURST_TAU = 4e-4, 0.2, 0.3, 0.004
LAYER_CENTS, LAYER_GAIN, LAYER_HARMONIC, LAYER_LEVEL = 12.0, 1.0, 5, 0.2


def constant(name, array):
    return numpy_helper.from_array(np.asarray(array, dtype=np.float32), name)


def build():
    spectrum = np.zeros((1, HARMONICS))
    spectrum[0, :12] = 0.2 / np.arange(1, 13)
    w_spectrum = np.zeros((LATENT, HARMONICS))  # z[5] swaps the spectrum for harmonic 5 alone
    w_spectrum[5] = -spectrum[0]
    w_spectrum[5, LAYER_HARMONIC - 1] = LAYER_LEVEL
    w_layer = np.zeros((LATENT, 2))
    w_layer[4] = [LAYER_CENTS, LAYER_GAIN]
    w_layer[6] = [LAYER_CENTS, 0.0]
    w_sub = np.zeros((LATENT, SUBS))
    w_sub[2, 0] = SUB_LEVEL
    w_stretch = np.zeros((LATENT, 1))
    w_stretch[1, 0] = STRETCH
    w_mod = np.zeros((LATENT, 3))
    w_mod[0] = [0.0, VIBRATO_CENTS, TREMOLO]
    b_mod = [VIBRATO_HZ, 0.0, 0.0]
    w_burst = np.zeros((LATENT, BANDS + 1))
    w_burst[3, :BANDS] = BURST_GAIN
    b_burst = np.zeros(BANDS + 1)
    b_burst[BANDS] = BURST_TAU
    inits = [constant("spectrum", spectrum), constant("w_spectrum", w_spectrum), constant("w_layer", w_layer),
             constant("no_noise", np.zeros((1, BANDS))),
             constant("w_sub", w_sub), constant("w_stretch", w_stretch), constant("w_mod", w_mod),
             constant("b_mod", b_mod), constant("w_burst", w_burst), constant("b_burst", b_burst),
             constant("hold_rate", [-1.0 / HOLD_DECAY_S]), constant("release_rate", [-RELEASE_RATE])]
    nodes = [
        helper.make_node("Mul", ["time_since_onset", "hold_rate"], ["hold_exponent"]),
        helper.make_node("Relu", ["time_since_release"], ["released_for"]),
        helper.make_node("Mul", ["released_for", "release_rate"], ["release_exponent"]),
        helper.make_node("Add", ["hold_exponent", "release_exponent"], ["exponent"]),
        helper.make_node("Exp", ["exponent"], ["decay"]),
        helper.make_node("Mul", ["decay", "velocity"], ["level"]),
        helper.make_node("MatMul", ["z", "w_spectrum"], ["spectrum_change"]),
        helper.make_node("Add", ["spectrum", "spectrum_change"], ["code_spectrum"]),
        helper.make_node("Mul", ["level", "code_spectrum"], ["harmonic_amplitudes"]),
        helper.make_node("Mul", ["level", "no_noise"], ["noise_gains"]),
        helper.make_node("MatMul", ["z", "w_sub"], ["sub_shape"]),
        helper.make_node("Mul", ["level", "sub_shape"], ["sub_amplitudes"]),
        helper.make_node("MatMul", ["z", "w_stretch"], ["stretch"]),
        helper.make_node("MatMul", ["z", "w_mod"], ["mod_shape"]),
        helper.make_node("Add", ["mod_shape", "b_mod"], ["modulation"]),
        helper.make_node("MatMul", ["z", "w_burst"], ["burst_shape"]),
        helper.make_node("Add", ["burst_shape", "b_burst"], ["transient"]),
        helper.make_node("MatMul", ["z", "w_layer"], ["layer"]),
    ]

    def tensor(name, width):
        return helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", width])

    inputs = [tensor("z", LATENT), tensor("f0_hz", 1), tensor("velocity", 1), tensor("time_since_onset", 1), tensor("time_since_release", 1)]
    outputs = [tensor("harmonic_amplitudes", HARMONICS), tensor("noise_gains", BANDS), tensor("sub_amplitudes", SUBS),
               tensor("stretch", 1), tensor("modulation", 3), tensor("transient", BANDS + 1), tensor("layer", 2)]
    graph = helper.make_graph(nodes, "synthetic_v2_decoder", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_test_model.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model, inputs, outputs


def main():
    model, inputs, outputs = build()
    data = model.SerializeToString()
    with open(os.path.join(HERE, "decoder.onnx"), "wb") as f:
        f.write(data)

    def spec(value_info):
        return {"name": value_info.name, "shape": ["batch", value_info.type.tensor_type.shape.dim[1].dim_value]}

    def code(*axes):
        z = [0.0] * LATENT
        for a in axes:
            z[a] = 1.0
        return z

    names = [("Plain", code()), ("Violin-like", code(0)), ("Stretched", code(1)), ("Organ-like", code(2)),
             ("Struck", code(3)), ("Everything", code(0, 1, 2, 3, 4)), ("Beating", code(4, 5)), ("Silent layer", code(6))]
    manifest = {
        "format": "nsynthbox-model", "formatVersion": 2, "name": "synthetic-v2-test", "version": "0.0.1",
        "sampleRate": 48000, "frameRate": 200, "latentSize": LATENT,
        "decoder": {"file": "decoder.onnx", "sha256": hashlib.sha256(data).hexdigest(), "opset": 17,
                    "inputs": [spec(i) for i in inputs], "outputs": [spec(o) for o in outputs],
                    "notes": "test package: outputs are fixed functions of the inputs (make_test_model.py)"},
        "synth": {"harmonics": HARMONICS, "noiseBands": BANDS, "noiseLowHz": 40.0, "noiseHighHz": 20000.0,
                  "aliasFade": 0.05, "noiseSeed": 305419896, "subPartials": SUBS},
        "instruments": [{"program": i, "name": n, "family": "Test", "range": [0, 127], "code": c} for i, (n, c) in enumerate(names)],
    }
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

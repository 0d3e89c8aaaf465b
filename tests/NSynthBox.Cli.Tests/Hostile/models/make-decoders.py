#!/usr/bin/python3
"""Hostile decoders for the model package tests (Debian python3-onnx): graphs with the real decoder's
input and output names that a bad export could produce. Run from this folder to remake them.

nan-decoder.onnx   the right widths, every output NaN (its hash can be put in a manifest: it "loads")
wide-decoder.onnx  harmonic_amplitudes one wider than the manifest's 96
"""
import json
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

manifest = json.load(open("../../../../models/hpn-v1/manifest.json"))
latent = manifest["latentSize"]
harmonics = manifest["synth"]["harmonics"]
bands = manifest["synth"]["noiseBands"]


def decoder(path, harmonic_width, scale):
    inputs = [helper.make_tensor_value_info("z", TensorProto.FLOAT, ["batch", latent])] + [
        helper.make_tensor_value_info(n, TensorProto.FLOAT, ["batch", 1])
        for n in ("f0_hz", "velocity", "time_since_onset", "time_since_release")]
    outputs = [helper.make_tensor_value_info("harmonic_amplitudes", TensorProto.FLOAT, ["batch", harmonic_width]),
               helper.make_tensor_value_info("noise_gains", TensorProto.FLOAT, ["batch", bands])]
    inits = [numpy_helper.from_array(np.full((latent, harmonic_width), 0.01, np.float32), "wh"),
             numpy_helper.from_array(np.full((latent, bands), 0.01, np.float32), "wn"),
             numpy_helper.from_array(np.array([scale], np.float32), "scale")]
    nodes = [helper.make_node("MatMul", ["z", "wh"], ["h"]), helper.make_node("Mul", ["h", "scale"], ["harmonic_amplitudes"]),
             helper.make_node("MatMul", ["z", "wn"], ["n"]), helper.make_node("Mul", ["n", "scale"], ["noise_gains"])]
    graph = helper.make_graph(nodes, "hostile", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="nsynthbox-hostile")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


decoder("nan-decoder.onnx", harmonics, float("nan"))
decoder("wide-decoder.onnx", harmonics + 1, 1.0)

"""Read a committed model package (models/<name>) back into torch: the decoder with the weights
ONNX Runtime runs, and the instrument codes. Lets later stages (the sound encoder) train against
exactly the shipped decoder, even when the training checkpoint is gone. A v1 package gives
model.Decoder (harmonics, noise); a v2 package (manifest architecture kind "hpn-v2") gives
model_v2.DecoderV2 (harmonics, noise, sub-partials, stretch, modulation)."""
import json
import os

import onnx
import torch
from onnx import numpy_helper

import model as model_lib
import model_v2


def load_package(directory):
    """-> (decoder in eval mode, codes [N, L] tensor, manifest dict)."""
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    arch = dict(manifest["decoder"].get("architecture", {"latent": manifest["latentSize"], **model_lib.V1_CONFIG}))
    if is_v2(manifest):
        decoder = model_v2.decoder_from_config(arch)
    else:
        decoder = model_lib.Decoder(arch["latent"], arch["hidden"], arch["periodic_hz"])
    graph = onnx.load(os.path.join(directory, manifest["decoder"]["file"])).graph
    weights = {i.name: torch.tensor(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    state = dict(decoder.state_dict())  # the buffers (harmonic and sub-partial numbers) are fixed by the class
    state.update({name: weights[name] for name in state if name.startswith("net.")})
    decoder.load_state_dict(state)
    decoder.eval()
    for p in decoder.parameters():
        p.requires_grad_(False)
    codes = torch.tensor([i["code"] for i in manifest["instruments"]], dtype=torch.float32)
    return decoder, codes, manifest


def is_v2(manifest):
    return manifest["decoder"].get("architecture", {}).get("kind") == "hpn-v2"


def load_encoder(directory, checkpoint=None, latent=None):
    """The package's encoder (encoder.onnx weights), or a training checkpoint's."""
    import encoder as enc
    if checkpoint is not None:
        state = torch.load(checkpoint, map_location="cpu")["model"]
    else:
        with open(os.path.join(directory, "manifest.json")) as f:
            manifest = json.load(f)
        graph = onnx.load(os.path.join(directory, manifest["encoder"]["file"])).graph
        state = {i.name: torch.tensor(numpy_helper.to_array(i).copy()) for i in graph.initializer if i.name.startswith("net.")}
    model = enc.Encoder(latent if latent is not None else state["net.4.weight"].shape[0], hidden=state["net.0.weight"].shape[0])
    model.load_state_dict(state)
    model.eval()
    return model

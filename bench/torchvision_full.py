#!/usr/bin/env python3
"""Checks the full-size torchvision models of the families shallowpi imports, as a user would bring them.

Run from the repository root with Debian's PyTorch (apt-get install -y python3-torch python3-torchvision
python3-onnx); it uses PyTorch only to make the models and the reference figures, and shallowpi as a user runs it:

    /usr/bin/python3 bench/torchvision_full.py [NAME ...]

For each model (random weights, eval mode, 3x224x224, 1,000 classes; exported by torch.onnx.export at opset 13
into a temporary folder; random BN statistics and a unit-variance head, so that outputs are not near 0) it prints:
the worst difference of `shallowpi run` from PyTorch on 2 random inputs,
relative beyond 1 (the issue's bound is 1e-4), and whether `shallowpi analyze --json` counts the MACs and the
elements per nonlinearity kind exactly as PyTorch's forward hooks do (the same hooks as
src/test/resources/onnx/torchvision/make_torchvision_fixtures.py). Exit code 1 if any model misses either.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
from torchvision import models
from torchvision.models.googlenet import BasicConv2d
from torchvision.ops import SqueezeExcitation

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = ["resnet18", "resnet50", "resnext50_32x4d", "wide_resnet50_2", "vgg11_bn", "vgg16", "alexnet",
          "squeezenet1_1", "regnet_x_400mf", "googlenet", "densenet121", "mnasnet1_0", "mobilenet_v2",
          "shufflenet_v2_x1_0", "mobilenet_v3_large", "mobilenet_v3_small", "efficientnet_b0"]


def hook_counts(model, x):
    counts = {"macs": 0, "nonlinearities": {}}

    def add(kind, n):
        counts["nonlinearities"][kind] = counts["nonlinearities"].get(kind, 0) + n

    def count(module, inputs, output):
        n = output[0].numel()
        if isinstance(module, nn.Conv2d):
            counts["macs"] += n * (module.in_channels // module.groups) * module.kernel_size[0] * module.kernel_size[1]
        elif isinstance(module, nn.Linear):
            counts["macs"] += module.in_features * module.out_features
        elif isinstance(module, nn.ReLU6):
            add("relu6", n)
        elif isinstance(module, nn.ReLU):
            add("relu", n)
        elif isinstance(module, nn.Hardsigmoid):
            add("hard-sigmoid", n)
        elif isinstance(module, nn.Hardswish):
            add("hard-sigmoid", n)
            add("product", n)
        elif isinstance(module, nn.SiLU):
            add("sigmoid", n)
            add("product", n)
        elif isinstance(module, nn.Sigmoid):
            add("sigmoid", n)
        elif isinstance(module, SqueezeExcitation):
            add("product", n)
        elif isinstance(module, BasicConv2d):  # GoogLeNet's conv, BN and F.relu in one module
            add("relu", n)

    handles = [m.register_forward_hook(count) for m in model.modules()]
    with torch.no_grad():
        model(x[:1])
    for h in handles:
        h.remove()
    return counts


def functional_relus(name, model, x):
    """ReLUs applied as F.relu in forward, which no module hook sees."""
    with torch.no_grad():
        if name.startswith("densenet"):
            return model.features(x[:1])[0].numel()
        if name == "mnasnet1_0":
            return 0
    return 0


def randomize_batch_norms(model, generator):
    """Random BN statistics and affine parameters, as the test fixtures have: with PyTorch's defaults (mean 0, var 1,
    scale 1, shift 0) and its small initial head weights, several of these models output values near 0, against
    which any comparison passes."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=generator) * 0.2)
            m.running_var.copy_(torch.rand(n, generator=generator) * 1.5 + 0.5)
            m.weight.data.copy_(torch.rand(n, generator=generator) + 0.5)
            m.bias.data.copy_(torch.randn(n, generator=generator) * 0.1)
        elif isinstance(m, nn.Linear):
            m.weight.data.copy_(torch.randn(m.weight.shape, generator=generator) / m.in_features ** 0.5)


def shallowpi(*args):
    r = subprocess.run([os.path.join(ROOT, "shallowpi"), *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip())
    return r.stdout


def main(names):
    torch.manual_seed(0)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            kwargs = {"aux_logits": False, "init_weights": True} if name == "googlenet" else {}
            model = getattr(models, name)(**kwargs)
            with torch.no_grad():
                randomize_batch_norms(model, torch.Generator().manual_seed(0))
            model.eval()
            x = torch.randn(2, 3, 224, 224)
            onnx_file = os.path.join(tmp, name + ".onnx")
            torch.onnx.export(model, x, onnx_file, opset_version=13, input_names=["input"], output_names=["output"],
                              dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
            with torch.no_grad():
                y = model(x).numpy()
            np.save(os.path.join(tmp, "x.npy"), x.numpy().astype("<f4"))
            try:
                shallowpi("run", "--onnx", onnx_file, "--input", os.path.join(tmp, "x.npy"), "--output",
                          os.path.join(tmp, "y.npy"))
                ours = np.load(os.path.join(tmp, "y.npy"))
                worst = float(np.max(np.abs(ours - y) / np.maximum(1, np.abs(y))))
                counted = json.loads(shallowpi("analyze", "--onnx", onnx_file, "--json"))
            except RuntimeError as e:
                print(f"{name}: REFUSED: {e}")
                failed += 1
                continue
            hooks = hook_counts(model, x)
            extra = functional_relus(name, model, x)
            if extra:
                hooks["nonlinearities"]["relu"] = hooks["nonlinearities"].get("relu", 0) + extra
            same = counted["macs"] == hooks["macs"] and counted["nonlinearities"] == hooks["nonlinearities"]
            ok = worst <= 1e-4 and same
            failed += 0 if ok else 1
            print(f"{name}: run vs PyTorch {worst:.2g} (outputs up to {np.abs(y).max():.3g}); MACs {counted['macs']:,} (hooks {hooks['macs']:,}); "
                  f"nonlinearities {counted['nonlinearities']} (hooks {hooks['nonlinearities']}): "
                  f"{'ok' if ok else 'MISMATCH'}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:] or MODELS)

#!/usr/bin/env python3
"""Makes small versions of torchvision's CNN families as ONNX test fixtures, with PyTorch's outputs and counts.

Run with Debian's PyTorch (apt-get install -y python3-torch python3-torchvision python3-onnx):

    /usr/bin/python3 src/test/resources/onnx/torchvision/make_torchvision_fixtures.py

For each model NAME it writes next to itself:

- NAME.onnx: the model in eval mode, exported by torch.onnx.export at opset 13 (as a user exports it), dynamic in
  the batch dimension;
- NAME_input.npy, NAME_output.npy: 2 random inputs (float32, NCHW) and PyTorch's outputs on them;
- NAME_counts.json: what forward hooks count on one sample: MACs of every Conv2d (C_out*H_out*W_out*(C_in/groups)*
  kh*kw) and Linear (in*out), and the elements through each nonlinearity, by kind (relu, relu6).

The models are torchvision's own classes at narrow widths and a 3x32x32 input, so that the suite stays fast:
MobileNetV2 (width_mult 0.25; ReLU6 exported as Clip(0, 6)), MNASNet at alpha 0.1 (its global pooling is x.mean([2, 3]),
exported as ReduceMean) and DenseNet (growth rate 4, blocks 2-2-2-2, 8 initial features; each transition's
AvgPool2d is exported as a zero Pad and an AveragePool); and pad_pool, a small net of its own with
an average pooling that counts its padding (exported as a non-zero Pad and an AveragePool) and one that does not,
ReLU6 as a module, and x.mean([2, 3]). Two more take Fashion-MNIST's 1x28x28 images, as teachers for `shallow`:
mobilenet_v2_1ch (the MobileNetV2 above with a one-channel first conv) and resnet50_narrow_1ch (torchvision's
ResNet-50 layout, Bottleneck blocks 3-4-6-3 behind the 7x7 stem and max-pool, at stage widths 4-32). Last,
shufflenet_v2_tiny: torchvision's ShuffleNetV2 with two units a stage and stage widths 8-128, whose channel shuffle
exports as Reshape/Transpose/Reshape with Shape/Gather/Div arithmetic and whose x.chunk(2, dim=1) exports as Slices
with computed bounds. And mobilenet_v3_small (width 0.25: hard-swish, squeeze-excitation with a hard-sigmoid gate)
and efficientnet_tiny (EfficientNet-B0's layout at width and depth 0.25: SiLU, squeeze-excitation with a sigmoid
gate), whose products (x * gate) the hooks count on SiLU, Hardswish and SqueezeExcitation modules. And
split_channels, a small net of its own whose torch.split and torch.chunk of the channels export as Split, at opset 13
(sizes as an input) and, as split_channels_opset11, at opset 11 (sizes as an attribute). Weights are PyTorch's
default initialisation plus random BN statistics and affine parameters (seeded), so that BN is not the identity.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from torchvision import models
from torchvision.models.efficientnet import EfficientNet, _efficientnet_conf
from torchvision.models.googlenet import BasicConv2d
from torchvision.models.resnet import Bottleneck, ResNet
from torchvision.ops import SqueezeExcitation

HERE = os.path.dirname(os.path.abspath(__file__))
# BN statistics and affine parameters randomised as for the other PyTorch fixtures, one folder up
sys.path.insert(0, os.path.dirname(HERE))
from make_fixtures import randomize_batch_norms  # noqa: E402

class PadPool(nn.Module):
    """Average poolings that pad: PyTorch exports one that counts its padding as a zero Pad and an AveragePool."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.AvgPool2d(3, stride=2, padding=1)
        self.pool2 = nn.AvgPool2d(2, stride=2, padding=1, count_include_pad=False)
        self.conv2 = nn.Conv2d(4, 6, 3, padding=1)
        self.relu2 = nn.ReLU6()
        self.fc = nn.Linear(6, 10)

    def forward(self, x):
        x = self.pool2(self.pool1(self.relu1(self.conv1(x))))
        x = self.relu2(self.conv2(x))
        return self.fc(x.mean([2, 3]))


class NarrowResNet50(ResNet):
    """torchvision's ResNet-50 (Bottleneck blocks 3-4-6-3, 7x7 stride-2 stem and max-pool, torchvision's forward)
    at stage widths 4-8-16-32 (outputs 16-128) for one-channel images: ResNet's constructor fixes the widths at 64
    and up, so the attributes _make_layer reads are set here and the layers built with it."""

    def __init__(self, widths, in_channels, num_classes):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = widths[0]
        self.dilation = 1
        self.groups = 1
        self.base_width = 64
        self.conv1 = nn.Conv2d(in_channels, widths[0], kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(Bottleneck, widths[0], 3)
        self.layer2 = self._make_layer(Bottleneck, widths[1], 4, stride=2)
        self.layer3 = self._make_layer(Bottleneck, widths[2], 6, stride=2)
        self.layer4 = self._make_layer(Bottleneck, widths[3], 3, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3] * Bottleneck.expansion, num_classes)


class SplitChannels(nn.Module):
    """torch.split and torch.chunk of the channels, which export as ONNX Split (sizes as an input from opset 13 on,
    as an attribute before), one part unused."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.conv_a = nn.Conv2d(3, 4, 3, padding=1)
        self.relu_a = nn.ReLU6()
        self.fc = nn.Linear(6, 10)

    def forward(self, x):
        x = self.relu1(self.conv1(x))
        a, b = torch.split(x, [3, 5], dim=1)
        y = torch.cat([self.relu_a(self.conv_a(a)), b], dim=1)
        first, _, last = torch.chunk(y, 3, dim=1)
        return self.fc(torch.cat([last, first], dim=1).mean([2, 3]))


def one_channel_mobilenet_v2():
    """MobileNetV2 at width 0.25 whose first conv reads one channel: a teacher for Fashion-MNIST (1x28x28)."""
    m = models.mobilenet_v2(width_mult=0.25, num_classes=10)
    first = m.features[0][0]
    m.features[0][0] = nn.Conv2d(1, first.out_channels, 3, 2, 1, bias=False)
    return m


MODELS = {
    "mobilenet_v2": lambda: models.mobilenet_v2(width_mult=0.25, num_classes=10),
    "mnasnet_tiny": lambda: models.MNASNet(0.1, num_classes=10),
    "densenet_tiny": lambda: models.DenseNet(growth_rate=4, block_config=(2, 2, 2, 2), num_init_features=8,
                                             bn_size=2, num_classes=10),
    "pad_pool": PadPool,
    "mobilenet_v2_1ch": one_channel_mobilenet_v2,
    "resnet50_narrow_1ch": lambda: NarrowResNet50([4, 8, 16, 32], in_channels=1, num_classes=10),
    "shufflenet_v2_tiny": lambda: models.ShuffleNetV2([2, 2, 2], [8, 16, 32, 64, 128], num_classes=10),
    "mobilenet_v3_small": lambda: models.mobilenet_v3_small(width_mult=0.25, num_classes=10),
    "efficientnet_tiny": lambda: EfficientNet(*_efficientnet_conf("efficientnet_b0", width_mult=0.25,
                                                                  depth_mult=0.25)[:1], 0.2, num_classes=10),
    "split_channels": SplitChannels,
    "split_channels_opset11": SplitChannels,
}

# exported at opset 13 but these
OPSETS = {"split_channels_opset11": 11}

# the one-channel models take Fashion-MNIST's 1x28x28 images, the others 3x32x32
INPUTS = {"mobilenet_v2_1ch": (1, 28, 28), "resnet50_narrow_1ch": (1, 28, 28)}


def hook_counts(model, x):
    """MACs and elements per nonlinearity kind on one sample, from forward hooks on the modules that run: relu, relu6,
    sigmoid, hard-sigmoid, and product (a multiplication of two activations, in SiLU, hard-swish and
    squeeze-excitation)."""
    counts = {"macs": 0, "nonlinearities": {}}

    def add(kind, n):
        counts["nonlinearities"][kind] = counts["nonlinearities"].get(kind, 0) + n

    def count(module, inputs, output):
        n = output[0].numel()
        if isinstance(module, nn.Conv2d):
            c_in = module.in_channels // module.groups
            kh, kw = module.kernel_size
            counts["macs"] += n * c_in * kh * kw
        elif isinstance(module, nn.Linear):
            counts["macs"] += module.in_features * module.out_features
        elif isinstance(module, nn.ReLU6):
            add("relu6", n)
        elif isinstance(module, nn.ReLU):
            add("relu", n)
        elif isinstance(module, nn.Hardsigmoid):
            add("hard-sigmoid", n)
        elif isinstance(module, nn.Hardswish):  # x * hardsigmoid(x)
            add("hard-sigmoid", n)
            add("product", n)
        elif isinstance(module, nn.SiLU):  # x * sigmoid(x)
            add("sigmoid", n)
            add("product", n)
        elif isinstance(module, nn.Sigmoid):
            add("sigmoid", n)
        elif isinstance(module, SqueezeExcitation):  # scale * input
            add("product", n)
        elif isinstance(module, BasicConv2d):  # GoogLeNet's conv, BN and F.relu in one module
            add("relu", n)

    handles = [m.register_forward_hook(count) for m in model.modules()]
    with torch.no_grad():
        model(x[:1])
    for h in handles:
        h.remove()
    return counts


def functional_relus(name):
    """DenseNet applies its last ReLU as F.relu in forward, which no module hook sees; it is counted here."""
    return {"densenet_tiny": ("relu", lambda model, x: model.features(x[:1])[0].numel())}.get(name)


def main():
    torch.manual_seed(7)
    generator = torch.Generator().manual_seed(7)
    for name, make in MODELS.items():
        model = make()
        with torch.no_grad():
            randomize_batch_norms(model, generator)
        model.eval()
        x = torch.randn((2,) + INPUTS.get(name, (3, 32, 32)), generator=generator)
        path = os.path.join(HERE, name + ".onnx")
        torch.onnx.export(model, x, path, opset_version=OPSETS.get(name, 13), input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
        with torch.no_grad():
            y = model(x)
        np.save(os.path.join(HERE, name + "_input.npy"), x.numpy().astype("<f4"))
        np.save(os.path.join(HERE, name + "_output.npy"), y.numpy().astype("<f4"))
        counts = hook_counts(model, x)
        extra = functional_relus(name)
        if extra:
            kind, elements = extra
            with torch.no_grad():
                counts["nonlinearities"][kind] = counts["nonlinearities"].get(kind, 0) + elements(model, x)
        with open(os.path.join(HERE, name + "_counts.json"), "w") as f:
            json.dump(counts, f, indent=2, sort_keys=True)
            f.write("\n")
        print(f"{path}: {os.path.getsize(path)} bytes, {counts}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Makes the ONNX test fixtures with real PyTorch, and PyTorch's own outputs on fixed inputs.

Run with Debian's PyTorch (apt-get install -y python3-torch python3-torchvision python3-onnx):

    /usr/bin/python3 src/test/resources/onnx/make_fixtures.py

It writes, next to itself:

- resnet18_cifar_eval.onnx: torchvision's ResNet-18 (its BasicBlock, ResNet._make_layer and ResNet.forward)
  with a CIFAR stem (3x3 stride-1 conv, max-pool replaced by nn.Identity), widths 2/4/8/16 (the zoo's
  `--model resnet18 --width 0.03125`), input 1x28x28, 10 classes; exported in EVAL mode, so PyTorch folds every
  BatchNorm into the conv before it (the convs gain biases).
- resnet18_cifar_preserve.onnx: the same model and weights exported in PRESERVE mode (the model is in eval
  state): BatchNormalization nodes are kept.
- vgg_view.onnx: a plain VGG-16-BN layout (the zoo's `--model vgg16 --width 0.03125`: thirteen 3x3 convs with
  bias, BN, ReLU, five 2x2 max-pools, one linear head) whose forward flattens with x.view(x.size(0), -1), input
  3x32x32, exported at opset 11 in EVAL mode: the Shape/Gather/Unsqueeze/Concat/Reshape subgraph PyTorch emits
  for the view stays in the file.
- NAME_input.npy and NAME_output.npy for each model: 3 random inputs (float32, NCHW) and PyTorch's outputs.

Widths: torchvision's ResNet constructor fixes the stage widths at 64/128/256/512 (width_per_group only widens
Bottleneck blocks, and BasicBlock refuses anything but 64), so CifarResNet18 below subclasses ResNet, sets the
attributes that ResNet._make_layer reads, and builds the stem and the four stages with _make_layer; forward is
torchvision's. Weights are PyTorch's default initialisation plus random BN statistics and affine parameters
(seeded), so that folding BN changes something. Every export is dynamic in the batch dimension, as users export.
"""
import os

import numpy as np
import torch
import torch.nn as nn
from torchvision.models.resnet import BasicBlock, ResNet

HERE = os.path.dirname(os.path.abspath(__file__))


class CifarResNet18(ResNet):
    def __init__(self, widths, in_channels, num_classes):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = widths[0]
        self.dilation = 1
        self.groups = 1
        self.base_width = 64
        self.conv1 = nn.Conv2d(in_channels, widths[0], kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.Identity()
        self.layer1 = self._make_layer(BasicBlock, widths[0], 2)
        self.layer2 = self._make_layer(BasicBlock, widths[1], 2, stride=2)
        self.layer3 = self._make_layer(BasicBlock, widths[2], 2, stride=2)
        self.layer4 = self._make_layer(BasicBlock, widths[3], 2, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3], num_classes)


class VggView(nn.Module):
    STAGES = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]

    def __init__(self, width, in_channels, num_classes):
        super().__init__()
        layers = []
        channels = in_channels
        for stage in self.STAGES:
            for c in stage:
                out = max(1, round(c * width))
                layers += [nn.Conv2d(channels, out, 3, padding=1), nn.BatchNorm2d(out), nn.ReLU(inplace=True)]
                channels = out
            layers.append(nn.MaxPool2d(2, 2))
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(channels, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)


def randomize_batch_norms(model, generator):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=generator) * 0.2)
            m.running_var.copy_(torch.rand(n, generator=generator) * 1.5 + 0.5)
            m.weight.data.copy_(torch.rand(n, generator=generator) + 0.5)
            m.bias.data.copy_(torch.randn(n, generator=generator) * 0.1)


def export(model, name, input_shape, opset, mode, generator):
    x = torch.randn((3,) + input_shape, generator=generator)
    path = os.path.join(HERE, name + ".onnx")
    torch.onnx.export(model, x, path, opset_version=opset, training=mode, do_constant_folding=True,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    with torch.no_grad():
        y = model(x)
    np.save(os.path.join(HERE, name + "_input.npy"), x.numpy().astype("<f4"))
    np.save(os.path.join(HERE, name + "_output.npy"), y.numpy().astype("<f4"))
    print(f"{path}: {os.path.getsize(path)} bytes, opset {opset}, {mode}")


def main():
    torch.manual_seed(6)
    generator = torch.Generator().manual_seed(6)
    with torch.no_grad():
        resnet = CifarResNet18([2, 4, 8, 16], in_channels=1, num_classes=10)
        randomize_batch_norms(resnet, generator)
        vgg = VggView(1 / 32, in_channels=3, num_classes=10)
        randomize_batch_norms(vgg, generator)
    resnet.eval()
    vgg.eval()
    export(resnet, "resnet18_cifar_eval", (1, 28, 28), 17, torch.onnx.TrainingMode.EVAL, generator)
    export(resnet, "resnet18_cifar_preserve", (1, 28, 28), 14, torch.onnx.TrainingMode.PRESERVE, generator)
    export(vgg, "vgg_view", (3, 32, 32), 11, torch.onnx.TrainingMode.EVAL, generator)


if __name__ == "__main__":
    main()

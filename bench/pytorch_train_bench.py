#!/usr/bin/env python3
"""PyTorch's Python front end on the same job as `shallowpi bench train`: the same CIFAR-layout ResNet,
batch, synthetic data, SGD (momentum 0.9, weight decay 5e-4) and thread count; prints one JSON line with
training and inference images/s (median over timed steps after warm-up).

Uses Debian's python3-torch (apt-get install -y python3-torch). Reference figures only: the tool itself never
runs Python.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self, stem, widths, blocks, in_ch, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(in_ch, stem, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        layers, c = [], stem
        for i, (w, n) in enumerate(zip(widths, blocks)):
            for b in range(n):
                layers.append(BasicBlock(c, w, 2 if i > 0 and b == 0 else 1))
                c = w
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(c, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layers(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


def build(name, width, in_ch, classes):
    s = lambda c: max(1, round(c * width))
    if name in ("resnet18", "resnet34"):
        blocks = [2, 2, 2, 2] if name == "resnet18" else [3, 4, 6, 3]
        return ResNet(s(64), [s(64), s(128), s(256), s(512)], blocks, in_ch, classes)
    n = {"resnet20": 3, "resnet32": 5, "resnet56": 9}[name]
    return ResNet(s(16), [s(16), s(32), s(64)], [n, n, n], in_ch, classes)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="resnet20")
    p.add_argument("--width", type=float, default=1.0)
    p.add_argument("--input", default="1x28x28")
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--channels-last", action="store_true",
                   help="train with channels-last activations and weights, as shallowpi does")
    p.add_argument("--nchw", action="store_true", help="ignored: shallowpi's flag, accepted so both take the same flags")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    c, h, w = (int(v) for v in a.input.split("x"))
    model = build(a.model, a.width, c, a.classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(a.batch, c, h, w)
    fmt = torch.channels_last if a.channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    y = torch.randint(0, a.classes, (a.batch,))
    train = []
    model.train()
    for i in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = F.cross_entropy(model(x.contiguous(memory_format=fmt)), y)
        loss.backward()
        opt.step()
        loss.item()
        if i >= a.warmup:
            train.append(time.perf_counter() - t0)
    infer = []
    model.eval()
    with torch.no_grad():
        for i in range(a.warmup + a.steps):
            t0 = time.perf_counter()
            model(x).numpy()
            if i >= a.warmup:
                infer.append(time.perf_counter() - t0)
    print(json.dumps({"engine": "PyTorch " + torch.__version__ + " (Python)", "threads": a.threads,
                      "trainLayout": "channels-last" if a.channels_last else "nchw",
                      "trainImagesPerSecond": a.batch / statistics.median(train),
                      "inferImagesPerSecond": a.batch / statistics.median(infer)}))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Seed 004's "ReLU before the softmax" model in PyTorch (Debian's python3-torch), with Keras' defaults: Glorot-uniform
kernels, zero biases, SGD 0.01, batch 32, shuffled epochs, 10 epochs on sklearn-normalised MNIST. One line per seed:
test accuracy and the classes the network never predicts (dead output ReLUs). Shows whether stalling is chance.
    notebooks/checks/relu_before_softmax.py [SEEDS]     (default 5; reads MNIST from ~/.cuaderno/data/mnist)"""
import gzip
import os
import sys

import numpy as np
import torch
from torch import nn


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, kind):
    names = {"train": "train", "test": "t10k"}
    x = idx(next(os.path.join(folder, f) for f in os.listdir(folder) if f.startswith(names[kind] + "-images")))
    y = idx(next(os.path.join(folder, f) for f in os.listdir(folder) if f.startswith(names[kind] + "-labels")))
    x = x.reshape(len(x), 784).astype(np.float32)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)   # sklearn.preprocessing.normalize
    return torch.tensor(x), torch.tensor(y.astype(np.int64))


def main():
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    folder = os.path.join(os.environ.get("CUADERNO_DATA", os.path.expanduser("~/.cuaderno/data")), "mnist")
    x, y = load(folder, "train")
    xt, yt = load(folder, "test")
    torch.set_num_threads(1)
    for seed in range(seeds):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 10), nn.ReLU())
        for layer in model:
            if isinstance(layer, nn.Linear):
                nn.init.xavier_uniform_(layer.weight)
                nn.init.zeros_(layer.bias)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        loss = nn.CrossEntropyLoss()          # softmax + cross-entropy, as Activation("softmax") + sparse CE
        for _ in range(10):
            for batch in torch.randperm(len(x)).split(32):
                optimizer.zero_grad()
                loss(model(x[batch]), y[batch]).backward()
                optimizer.step()
        with torch.no_grad():
            predicted = model(xt).argmax(1)
        accuracy = (predicted == yt).float().mean().item()
        never = sorted(set(range(10)) - set(predicted.tolist()))
        print(f"seed {seed}: test accuracy {accuracy:.4f}, classes never predicted: {never or 'none'}")


if __name__ == "__main__":
    main()

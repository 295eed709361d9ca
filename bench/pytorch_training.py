"""The same workloads as bench/TrainingBench.java in Debian's PyTorch, on the same MNIST files."""
import struct
import sys
import time

import numpy as np
import torch
from torch import nn


def idx(path):
    data = open(path, "rb").read()
    ndim = data[3]
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def run(name, model, optimizer, x, y, batch, accuracy=False):
    loss_fn = nn.CrossEntropyLoss()

    def epoch(xs, ys):
        model.train()  # dropout on, as in Keras' fit
        order = torch.randperm(len(xs))
        for start in range(0, len(xs), batch):
            index = order[start:start + batch]
            optimizer.zero_grad()
            out = model(xs[index])
            loss = loss_fn(out, ys[index])
            loss.backward()
            optimizer.step()
            if accuracy:   # what Keras' "accuracy" metric adds: a running count from the same forward pass
                correct = (out.argmax(1) == ys[index]).sum().item()

    warm_up = min(len(x), 5 * batch if x.dim() == 3 else 2000)
    epoch(x[:warm_up], y[:warm_up])
    started, cpu = time.perf_counter(), time.thread_time()
    epoch(x, y)
    print(f"{name} {len(x) / (time.perf_counter() - started):.0f} {len(x) / (time.thread_time() - cpu):.0f}")


class RowLSTM(nn.Module):
    """LSTM over the 28 rows of an image (28 features per step), last step into a linear layer."""

    def __init__(self, units):
        super().__init__()
        self.lstm = nn.LSTM(28, units, batch_first=True)
        self.out = nn.Linear(units, 10)

    def forward(self, x):
        steps, _ = self.lstm(x)
        return self.out(steps[:, -1])


def adam(model):
    return torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)


def main():
    folder, samples = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(1)
    torch.manual_seed(42)
    pixels = idx(f"{folder}/train-images-idx3-ubyte")[:samples].reshape(samples, 784).astype(np.float32)
    x = torch.tensor(pixels) / 255
    y = torch.tensor(idx(f"{folder}/train-labels-idx1-ubyte")[:samples].astype(np.int64))
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    run("mlp-256-256", model, adam(model), x, y, 128)
    for name, accuracy in (("mlp-40x3", False), ("mlp-40x3-accuracy", True)):
        model = nn.Sequential(nn.Linear(784, 40), nn.ReLU(), nn.Linear(40, 40), nn.ReLU(), nn.Linear(40, 40), nn.ReLU(),
                              nn.Linear(40, 10))
        run(name, model, adam(model), x, y, 50, accuracy=accuracy)
    # lesson 003: Keras' mnist_mlp.py, RMSprop with Keras' rho and epsilon
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 512), nn.ReLU(),
                          nn.Dropout(0.2), nn.Linear(512, 10))
    run("mlp-512-512-dropout", model, torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7),
        x, y, 128, accuracy=True)
    # lesson 004: ReLU before the softmax (cross-entropy on the ReLU's outputs), SGD 0.01, batch 32, rows of length 1
    normalised = torch.tensor(pixels / np.maximum(np.linalg.norm(pixels, axis=1, keepdims=True), 1e-12))
    model = nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 10), nn.ReLU())
    run("relu-before-softmax", model, torch.optim.SGD(model.parameters(), lr=0.01), normalised, y, 32, accuracy=True)
    # lesson 002: the rows as 28 time steps, batch 100, Adam
    sequences = x.view(-1, 28, 28)
    for units, share in ((128, 4), (256, 8), (512, 16)):
        model = RowLSTM(units)
        run(f"lstm-{units}", model, adam(model), sequences[:samples // share], y[:samples // share], 100)
    # the whole process's high-water mark, as the Java side reports it (VmHWM = ru_maxrss on Linux)
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak-rss-mb {peak} {peak}")


if __name__ == "__main__":
    main()

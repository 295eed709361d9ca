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


def run(name, model, x, y, batch, accuracy=False):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()

    def epoch(xs, ys):
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

    epoch(x[:2000], y[:2000])
    started = time.perf_counter()
    epoch(x, y)
    print(f"{name} {len(x) / (time.perf_counter() - started):.0f}")


class RowLSTM(nn.Module):
    """LSTM over the 28 rows of an image (28 features per step), last step into a linear layer."""

    def __init__(self, units):
        super().__init__()
        self.lstm = nn.LSTM(28, units, batch_first=True)
        self.out = nn.Linear(units, 10)

    def forward(self, x):
        steps, _ = self.lstm(x.view(-1, 28, 28))
        return self.out(steps[:, -1])


def main():
    folder, samples = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(1)
    torch.manual_seed(42)
    x = torch.tensor(idx(f"{folder}/train-images-idx3-ubyte")[:samples].reshape(samples, 784), dtype=torch.float32) / 255
    y = torch.tensor(idx(f"{folder}/train-labels-idx1-ubyte")[:samples].astype(np.int64))
    run("mlp-256-256", nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                                     nn.Linear(256, 10)), x, y, 128)
    run("mlp-40x3", nn.Sequential(nn.Linear(784, 40), nn.ReLU(), nn.Linear(40, 40), nn.ReLU(), nn.Linear(40, 40),
                                  nn.ReLU(), nn.Linear(40, 10)), x, y, 50)
    run("mlp-40x3-accuracy", nn.Sequential(nn.Linear(784, 40), nn.ReLU(), nn.Linear(40, 40), nn.ReLU(),
                                           nn.Linear(40, 40), nn.ReLU(), nn.Linear(40, 10)), x, y, 50, accuracy=True)
    quarter = samples // 4
    run("lstm-128", RowLSTM(128), x[:quarter], y[:quarter], 100)
    # the whole process's high-water mark, as the Java side reports it (VmHWM = ru_maxrss on Linux)
    import resource
    print(f"peak-rss-mb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch twin of `ea4j bench model`'s training step; prints one JSON object per (model, L) on stdout.

The same network as ea4j's ModelPreset/Model (src/main/java/dev/ea4j/bench/model/ModelPreset.java,
src/main/java/dev/ea4j/model/): token table N(0, 1) [V, D] plus the fixed sinusoidal positional table
pe[l, 2i] = sin(l / 10000^(2i/D)), pe[l, 2i+1] = cos(...); `layers` Post-LN blocks
h = LN1(x + Attn(x)), out = LN2(h + FFN(h)) with q, k, v, o Linear(D, D), FFN Linear(D, 4D) -> GELU (tanh
form) -> Linear(4D, D), LayerNorm eps 1e-5; a next-token head Linear(D, V) on every token; mean softmax
cross-entropy over the B L tokens. Attention: causal EA-p exactly as the paper's Figure 2 code
(ea_fig2_torch.EA_series_causal: cumsum over the sequence, t = p + 1 Taylor terms, every channel its own
head). PyTorch's default initialisation is ea4j's (uniform +-1/sqrt(fan_in) for Linear, N(0, 1) for the
table, LN gamma 1, beta 0).

One training step = zero grads, forward, loss, backward, global gradient norm (ea4j computes it every step),
AdamW (lr 1e-4, betas 0.9 / 0.999, eps 1e-8, weight decay 0.01 on Linear weights, 0 elsewhere: ea4j's
DeviceModel.optimize as TrainStepBench calls it). tokens/s = B L / median step time over --repeats steps after
--warmup untimed steps; torch.set_num_threads(--threads).

Needs torch: /usr/bin/python3 after apt-get install -y python3-torch, or any interpreter with torch installed
(ea4j bench model --python EXE). Without torch it exits 3.
"""
import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    sys.stderr.write("model_twin_torch: error: PyTorch is not importable by %s; on Debian run "
                     "'apt-get install -y python3-torch' and use /usr/bin/python3, or pip install torch (a cpu wheel "
                     "will do) and pass that interpreter to ea4j bench model --python\n" % sys.executable)
    sys.exit(3)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ea_fig2_torch import EA_series_causal, make_constants  # noqa: E402  (the paper's code, one copy)


def sinusoidal(max_len, width):
    """pe[l, c] = sin(l / 10000^((c - c % 2) / D)) for even c, cos for odd c (ea4j's Embeddings.sinusoidal)."""
    pos = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)                           # [L, 1]
    c = torch.arange(width)
    angle = pos / torch.pow(10000.0, (c - c % 2).double() / width)                          # [L, D]
    return torch.where(c % 2 == 0, torch.sin(angle), torch.cos(angle)).float()


class EaAttention(nn.Module):
    """q, k, v, o projections around causal EA-p (the paper's Figure 2 with cumsum)."""

    def __init__(self, width, order):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(width, width) for _ in range(4))
        expo, coeff = make_constants(order + 1, "cpu", torch.float32)
        self.register_buffer("expo", expo)
        self.register_buffer("coeff", coeff)

    def forward(self, x):                                                                   # x: [B, L, D]
        return self.o(EA_series_causal(self.q(x), self.k(x), self.v(x), self.expo, self.coeff))


class Block(nn.Module):
    """Post-LN: h = LN1(x + Attn(x)); out = LN2(h + W2 GELU(W1 h + b1) + b2)."""

    def __init__(self, width, order):
        super().__init__()
        self.attn = EaAttention(width, order)
        self.up = nn.Linear(width, 4 * width)
        self.down = nn.Linear(4 * width, width)
        self.ln1 = nn.LayerNorm(width, eps=1e-5)
        self.ln2 = nn.LayerNorm(width, eps=1e-5)

    def forward(self, x):
        h = self.ln1(x + self.attn(x))
        return self.ln2(h + self.down(F.gelu(self.up(h), approximate="tanh")))


class Twin(nn.Module):
    """Token table + positional table, `layers` blocks, next-token head."""

    def __init__(self, vocab, width, layers, order, max_len):
        super().__init__()
        self.table = nn.Embedding(vocab, width)
        self.register_buffer("pe", sinusoidal(max_len, width))
        self.blocks = nn.ModuleList(Block(width, order) for _ in range(layers))
        self.head = nn.Linear(width, vocab)

    def forward(self, ids):                                                                 # ids: [B, L]
        x = self.table(ids) + self.pe[: ids.shape[1]]
        for b in self.blocks:
            x = b(x)
        return self.head(x)                                                                 # [B, L, V]


def parse_model(name):
    if not name.startswith("EA-") or not name[3:].isdigit() or int(name[3:]) % 2:
        raise SystemExit("model_twin_torch: error: models are EA-p with an even p (EA-2, EA-6), got %r" % name)
    return int(name[3:])


def measure(a, name, L, gen):
    order = parse_model(name)
    torch.manual_seed(a.seed)
    model = Twin(a.vocab, a.width, a.layers, order, L)
    decay = [p for n, p in model.named_parameters() if n.endswith(".weight") and p.dim() == 2
             and not n.startswith("table")]
    rest = [p for n, p in model.named_parameters() if not (n.endswith(".weight") and p.dim() == 2
                                                           and not n.startswith("table"))]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": rest, "weight_decay": 0.0}],
                            lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
    stream = torch.randint(a.vocab, (a.batch, L + 1), generator=gen)
    ids, labels = stream[:, :-1].contiguous(), stream[:, 1:].contiguous()
    params = list(model.parameters())
    losses = []

    def step():
        opt.zero_grad(set_to_none=True)
        logits = model(ids)
        loss = F.cross_entropy(logits.reshape(-1, a.vocab), labels.reshape(-1))
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(params, float("inf"))     # the norm only: scale factor 1
        opt.step()
        losses.append(float(loss))
        return norm

    for _ in range(a.warmup):
        step()
    runs = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        step()
        runs.append(time.perf_counter() - t0)
    if not all(math.isfinite(x) for x in losses):
        raise RuntimeError("%s L=%d: the loss is not finite" % (name, L))
    med = statistics.median(runs)
    return {"bench": "model_twin_torch", "model": name, "B": a.batch, "L": L, "layers": a.layers,
            "width": a.width, "vocab": a.vocab, "tokens_per_s": a.batch * L / med, "median_s": med,
            "min_s": min(runs), "max_s": max(runs), "runs_s": runs, "warmup": a.warmup, "repeats": a.repeats,
            "threads": torch.get_num_threads(), "first_loss": losses[0], "last_loss": losses[-1],
            "parameters": sum(p.numel() for p in params), "torch": torch.__version__,
            "python": platform.python_version(), "machine": platform.machine()}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--models", default="EA-6,EA-2", help="comma-separated EA-p (default EA-6,EA-2)")
    p.add_argument("--lengths", default="1024,4096", help="comma-separated L (default 1024,4096)")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--width", type=int, default=256)
    p.add_argument("--vocab", type=int, default=256)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    try:
        lengths = [int(x) for x in a.lengths.split(",")]
    except ValueError:
        raise SystemExit("model_twin_torch: error: --lengths must be integers, got %r" % a.lengths)
    if min(lengths) < 1 or a.batch < 1 or a.layers < 1 or a.width < 1 or a.vocab < 2 or a.warmup < 0 \
            or a.repeats < 1 or a.threads < 1:
        sys.stderr.write("model_twin_torch: error: sizes, --repeats and --threads must be positive\n")
        sys.exit(2)
    models = a.models.split(",")
    for m in models:
        parse_model(m)
    torch.set_num_threads(a.threads)
    gen = torch.Generator().manual_seed(a.seed)
    for m in models:
        for L in lengths:
            print(json.dumps(measure(a, m, L, gen)), flush=True)


if __name__ == "__main__":
    main()

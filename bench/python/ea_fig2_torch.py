#!/usr/bin/env python3
"""PyTorch baselines for ea4j benchmarks; prints exactly one JSON object on stdout.

Modes:
  (default)  the paper's Figure 2 EA-series in PyTorch eager (shared/paper/EA-NOTES.md section 6), t = p+1
             terms; causal = cumsum over the sequence without the unsqueeze. Times forward (no_grad) and
             forward+backward (autograd, y.backward(gy)).
  --sdpa     torch.nn.functional.scaled_dot_product_attention, H heads (default 12) of D/H channels,
             forward and forward+backward. Torch < 2.0 has no SDPA: the explicit softmax(q k^T / sqrt(Dh)) v
             is timed instead and "impl" says so.
  --matmul   fp32 matmul in the three layouts of ea4j's DenseKernels (a@b, a@b.T, a.T@b), TF32 off.

Use the Debian interpreter: /usr/bin/python3 (apt-get install -y python3-torch installs torch there; a pyenv
python3 first on PATH usually has no torch). Works on cpu and cuda (--device cuda), synchronising around
every timed run. Times are medians over --repeats runs after --warmup untimed runs.
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
    import torch.nn.functional as F
except ImportError:
    sys.stderr.write("ea_fig2_torch: error: PyTorch is not importable by %s; on Debian run "
                     "'apt-get install -y python3-torch' and use /usr/bin/python3, or pip install torch (a cpu wheel "
                     "will do) and run this script with that interpreter\n" % sys.executable)
    sys.exit(3)

DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}


# ---- Figure 2, as written in the paper (EA-NOTES section 6) -------------------------------------------------

def make_constants(t, device, dtype):
    exponent_tensor = torch.arange(t, device=device).reshape(t, 1, 1)                          # [t,1,1]
    taylor_coeff = torch.tensor([2 ** i / math.factorial(i) for i in range(t)],
                                device=device, dtype=dtype).reshape(t, 1, 1)                   # [t,1,1]
    return exponent_tensor, taylor_coeff


def EA_series(q, k, v, exponent_tensor, taylor_coeff):   # q,k,v: [BS, L, D]
    k = k.unsqueeze(1)                                   # [BS,1,L,D]
    exp_k = torch.exp(-torch.pow(k, 2))                  # [BS,1,L,D]
    K = torch.pow(k, exponent_tensor)                    # [BS,t,L,D]
    Den = K * exp_k                                      # [BS,t,L,D]
    Num = Den * v.unsqueeze(1)                           # [BS,t,L,D]
    Num = Num.sum(2).unsqueeze(-2)                       # [BS,t,1,D]
    Den = Den.sum(2).unsqueeze(-2)                       # [BS,t,1,D]
    q = q.unsqueeze(1)                                   # [BS,1,L,D]
    q = torch.pow(q, exponent_tensor)                    # [BS,t,L,D]
    q = q * taylor_coeff                                 # [BS,t,L,D]
    output = torch.sum(q * Num, dim=1) / torch.sum(q * Den, dim=1)
    return output                                        # [BS, L, D]


def EA_series_causal(q, k, v, exponent_tensor, taylor_coeff):
    """Figure 2 with sum(2).unsqueeze(-2) replaced by cumsum(2) (the unsqueeze dropped, EA-NOTES section 6)."""
    k = k.unsqueeze(1)
    exp_k = torch.exp(-torch.pow(k, 2))
    K = torch.pow(k, exponent_tensor)
    Den = K * exp_k
    Num = Den * v.unsqueeze(1)
    Num = Num.cumsum(2)                                  # [BS,t,L,D]
    Den = Den.cumsum(2)                                  # [BS,t,L,D]
    q = q.unsqueeze(1)
    q = torch.pow(q, exponent_tensor)
    q = q * taylor_coeff
    output = torch.sum(q * Num, dim=1) / torch.sum(q * Den, dim=1)
    return output


# ---- timing --------------------------------------------------------------------------------------------------

def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def time_runs(fn, warmup, repeats, device):
    for _ in range(warmup):
        fn()
    sync(device)
    runs = []
    for _ in range(repeats):
        sync(device)
        t0 = time.perf_counter()
        fn()
        sync(device)
        runs.append(time.perf_counter() - t0)
    return runs


def summary(prefix, runs):
    return {prefix + "_median_s": statistics.median(runs), prefix + "_min_s": min(runs),
            prefix + "_max_s": max(runs), prefix + "_runs_s": runs}


def randn(shape, gen, device, dtype, scale, grad=False):
    x = (torch.randn(shape, generator=gen, dtype=torch.float32) * scale).to(device=device, dtype=dtype)
    return x.requires_grad_(grad)


def bench_ea(a, device, dtype, gen):
    t = a.order + 1
    expo, coeff = make_constants(t, device, dtype)
    f = EA_series_causal if a.causal else EA_series
    shape = (a.B, a.L, a.D)
    q, k, v = (randn(shape, gen, device, dtype, 0.5, grad=True) for _ in range(3))
    gy = randn(shape, gen, device, dtype, 0.5)

    def fwd():
        with torch.no_grad():
            return f(q, k, v, expo, coeff)

    def fwdbwd():
        q.grad = k.grad = v.grad = None
        y = f(q, k, v, expo, coeff)
        y.backward(gy)

    y = fwd()
    if not torch.isfinite(y).all():
        raise RuntimeError("Figure 2 EA output is not finite at this shape")
    out = {"kernel": "ea_series_fig2", "order": a.order, "terms": t, "causal": a.causal,
           "B": a.B, "L": a.L, "D": a.D}
    out.update(summary("fwd", time_runs(fwd, a.warmup, a.repeats, device)))
    out.update(summary("fwdbwd", time_runs(fwdbwd, a.warmup, a.repeats, device)))
    n = a.B * a.L * a.D
    out["elements_per_s"] = n / out["fwd_median_s"]
    out["fwdbwd_elements_per_s"] = n / out["fwdbwd_median_s"]
    return out


def bench_sdpa(a, device, dtype, gen):
    if a.D % a.heads:
        raise SystemExit("ea_fig2_torch: error: --D must be a multiple of --heads")
    dh = a.D // a.heads
    shape = (a.B, a.heads, a.L, dh)
    q, k, v = (randn(shape, gen, device, dtype, 0.5, grad=True) for _ in range(3))
    gy = randn(shape, gen, device, dtype, 0.5)
    sdpa = getattr(F, "scaled_dot_product_attention", None)
    if sdpa is not None:
        impl = "F.scaled_dot_product_attention"

        def attn():
            return sdpa(q, k, v, is_causal=a.causal)
    else:
        impl = "explicit softmax(q k^T / sqrt(Dh)) v (torch %s has no scaled_dot_product_attention)" % torch.__version__
        mask = torch.ones(a.L, a.L, dtype=torch.bool, device=device).triu(1) if a.causal else None

        def attn():
            s = (q @ k.transpose(-2, -1)) / math.sqrt(dh)
            if mask is not None:
                s = s.masked_fill(mask, float("-inf"))
            return torch.softmax(s, dim=-1) @ v

    def fwd():
        with torch.no_grad():
            return attn()

    def fwdbwd():
        q.grad = k.grad = v.grad = None
        attn().backward(gy)

    out = {"kernel": "softmax_attention", "impl": impl, "heads": a.heads, "causal": a.causal,
           "B": a.B, "L": a.L, "D": a.D}
    out.update(summary("fwd", time_runs(fwd, a.warmup, a.repeats, device)))
    if not a.no_backward:
        out.update(summary("fwdbwd", time_runs(fwdbwd, a.warmup, a.repeats, device)))
    flops = 4.0 * a.B * a.L * a.L * a.D * (0.5 if a.causal else 1.0)  # q k^T and p v
    out["fwd_gflops"] = flops / out["fwd_median_s"] / 1e9
    return out


def bench_matmul(a, device, dtype, gen):
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    if hasattr(torch, "set_float32_matmul_precision"):
        torch.set_float32_matmul_precision("highest")
    M, N, K = a.M, a.N, a.K
    flops = 2.0 * M * N * K
    variants = {
        "matmul": (randn((M, K), gen, device, dtype, 1), randn((K, N), gen, device, dtype, 1), lambda x, y: x @ y),
        "matmulTransposeB": (randn((M, K), gen, device, dtype, 1), randn((N, K), gen, device, dtype, 1),
                             lambda x, y: x @ y.t()),
        "matmulTransposeA": (randn((K, M), gen, device, dtype, 1), randn((K, N), gen, device, dtype, 1),
                             lambda x, y: x.t() @ y),
    }
    out = {"kernel": "matmul", "M": M, "N": N, "K": K, "tf32": False, "variants": {}}
    with torch.no_grad():
        for name, (x, y, f) in variants.items():
            runs = time_runs(lambda: f(x, y), a.warmup, a.repeats, device)
            med = statistics.median(runs)
            out["variants"][name] = {"median_s": med, "min_s": min(runs), "gflops": flops / med / 1e9}
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--sdpa", action="store_true", help="time scaled_dot_product_attention instead of EA")
    mode.add_argument("--matmul", action="store_true", help="time fp32 matmul (TF32 off) in three layouts")
    p.add_argument("--order", type=int, default=6, help="Taylor degree p (t = p+1 terms); even")
    p.add_argument("--causal", action="store_true")
    p.add_argument("--B", type=int, default=1)
    p.add_argument("--L", type=int, default=4096)
    p.add_argument("--D", type=int, default=768)
    p.add_argument("--heads", type=int, default=12, help="--sdpa heads")
    p.add_argument("--no-backward", action="store_true", help="--sdpa: forward only")
    p.add_argument("--M", type=int, default=4096)
    p.add_argument("--N", type=int, default=768)
    p.add_argument("--K", type=int, default=768)
    p.add_argument("--device", default="cpu", help="cpu or cuda[:i]")
    p.add_argument("--dtype", default="fp32", choices=sorted(DTYPES), help="fp32 (default); bf16 for cuda SDPA")
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="torch.set_num_threads (default: cores)")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()

    for name in ("B", "L", "D", "M", "N", "K", "heads", "threads", "repeats"):
        if getattr(a, name) <= 0:
            p.error("--%s must be positive" % name)
    if a.order < 0 or a.order % 2:
        p.error("--order must be an even degree, got %d" % a.order)
    device = torch.device(a.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        p.error("--device cuda but torch.cuda.is_available() is False")
    torch.set_num_threads(a.threads)
    dtype = DTYPES[a.dtype]
    gen = torch.Generator().manual_seed(a.seed)

    if a.matmul:
        out = bench_matmul(a, device, dtype, gen)
    elif a.sdpa:
        out = bench_sdpa(a, device, dtype, gen)
    else:
        out = bench_ea(a, device, dtype, gen)
    out.update({"bench": "torch", "device": str(device), "dtype": a.dtype, "threads": torch.get_num_threads(),
                "warmup": a.warmup, "repeats": a.repeats, "torch": torch.__version__,
                "python": platform.python_version(),
                "gpu": torch.cuda.get_device_name(device) if device.type == "cuda" else None,
                "machine": "%s, %d cores" % (platform.machine(), os.cpu_count()),
                "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    print(json.dumps(out))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Summarises one bench/run-core-bench.sh run (stdlib only).

Usage: summarize_core.py RAW_DIR RESULTS_DIR STAMP QUICK B L D M N K
Reads RAW_DIR/steps.tsv and each step's .out (JSON), writes RESULTS_DIR/core-STAMP.json and .md.
"""
import json
import os
import platform
import re
import sys

raw, results, stamp, quick = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
B, L, D, M, N, K = (int(x) for x in sys.argv[5:11])

steps = {}
with open(os.path.join(raw, "steps.tsv")) as f:
    for line in f:
        name, rc, cmd = line.rstrip("\n").split("\t", 2)
        steps[name] = {"exit": int(rc), "command": cmd}


def tail(name, n=5):
    try:
        with open(os.path.join(raw, name + ".err")) as f:
            lines = [l.rstrip() for l in f]
    except OSError:
        return []
    useful = [l for l in lines if re.search(r"rror|xception|not found|missing", l)
              and not re.match(r"\s+at ", l) and "WARNING" not in l]
    return (useful or lines)[-n:]


def load(name):
    """The JSON object a step printed last on stdout, or None."""
    if steps.get(name, {}).get("exit") != 0:
        return None
    try:
        with open(os.path.join(raw, name + ".out")) as f:
            lines = [l for l in f.read().splitlines() if l.strip().startswith("{")]
        return json.loads(lines[-1]) if lines else None
    except (OSError, ValueError):
        return None


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


ea = {p: load("ea%d_causal" % p) for p in (6, 2)}
torch = {p: load("torch_fig2_ea%d_causal" % p) for p in (6, 2)}
blas_runs = [x for x in (load("sgemm_openblas"), load("sgemm_openblas_skylakex")) if x]

# JMH: median over measurement iterations (scorePercentiles 50.0), converted to seconds.
UNIT = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}
jmh = []
for part in ("matmul", "recurrent"):
    try:
        with open(os.path.join(raw, "jmh-%s.json" % part)) as f:
            jmh += json.load(f)
    except (OSError, ValueError):
        pass


def jmh_median_s(bench, **params):
    for r in jmh:
        if r["benchmark"].endswith(bench) and all(str(r["params"].get(k)) == str(v) for k, v in params.items()):
            pm = r["primaryMetric"]
            return pm["scorePercentiles"]["50.0"] * UNIT[pm["scoreUnit"]]
    return None


summary = {
    "bench": "core", "date": stamp, "quick": quick,
    "shape": {"B": B, "L": L, "D": D, "matmul": {"M": M, "N": N, "K": K}},
    "commit": (ea[6] or ea[2] or {}).get("commit"),
    "machine": (ea[6] or ea[2] or {}).get("machine") or "%s, %d cores" % (platform.machine(), os.cpu_count()),
    "cpu": cpu_model(), "java": (ea[6] or ea[2] or {}).get("java"),
    "torch": (torch[6] or torch[2] or {}).get("torch"),
    "copy_gbps": (ea[6] or ea[2] or {}).get("copy_gbps"),
    "stream_copy_gbps": (ea[6] or ea[2] or {}).get("stream_copy_gbps"),
    "ea": {}, "matmul": {}, "recurrent": {}, "targets": [], "failed": [],
}

for p in (6, 2):
    e, t = ea[p], torch[p]
    row = {}
    if e:
        for key in ("fwd_median_s", "fwdbwd_median_s", "elements_per_s", "fwd_gbps", "copy_gbps", "stream_copy_gbps",
                    "same_bytes_fraction", "roofline_fraction",
                    "device", "checked"):
            row[key] = e.get(key)
    if t:
        row["torch_fwd_median_s"] = t["fwd_median_s"]
        row["torch_fwdbwd_median_s"] = t["fwdbwd_median_s"]
        row["torch_threads"] = t["threads"]
    row["fwd_speedup_vs_torch"] = ratio(row.get("torch_fwd_median_s"), row.get("fwd_median_s"))
    row["fwdbwd_speedup_vs_torch"] = ratio(row.get("torch_fwdbwd_median_s"), row.get("fwdbwd_median_s"))
    summary["ea"]["EA-%d causal" % p] = row

flops = 2.0 * M * N * K
for v in ("matmul", "matmulTransposeB", "matmulTransposeA"):
    s = jmh_median_s("MatmulBenchmark.multiply", variant=v, M=M, N=N, K=K)
    best = None
    for run in blas_runs:
        g = run["variants"][v]["gflops"]
        if best is None or g > best[0]:
            best = (g, run["config"])
    ea4j_g = flops / s / 1e9 if s else None
    summary["matmul"][v] = {"ea4j_median_s": s, "ea4j_gflops": ea4j_g,
                            "openblas_gflops": best[0] if best else None, "openblas_config": best[1] if best else None,
                            "ratio_vs_openblas": ratio(ea4j_g, best[0] if best else None)}

for p in (2, 6):
    s = jmh_median_s("EaRecurrentBenchmark.step", p=p)
    summary["recurrent"]["EA-%d step_us" % p] = s * 1e6 if s else None


def target(name, value, op, goal, unit=""):
    ok = None if value is None else (value >= goal if op == ">=" else value < goal)
    summary["targets"].append({"name": name, "value": value, "target": "%s %s%s" % (op, goal, unit), "met": ok})


target("EA-6 causal forward roofline fraction", summary["ea"]["EA-6 causal"].get("roofline_fraction"), ">=", 0.5)
target("EA-6 causal fwd+bwd speedup over PyTorch Figure 2", summary["ea"]["EA-6 causal"]["fwdbwd_speedup_vs_torch"],
       ">=", 30, "x")
mm = [summary["matmul"][v]["ratio_vs_openblas"] for v in summary["matmul"]]
target("matmul / OpenBLAS (worst of three layouts)", min(mm) if mm and None not in mm else None, ">=", 0.6)
target("EA-6 recurrent step (B=1, D=768)", summary["recurrent"].get("EA-6 step_us"), "<", 20, " us")

for name, s in steps.items():
    if s["exit"] != 0:
        summary["failed"].append({"step": name, "exit": s["exit"], "command": s["command"], "stderr_tail": tail(name)})
summary["raw"] = raw

os.makedirs(results, exist_ok=True)
base = os.path.join(results, "core-" + stamp)
with open(base + ".json", "w") as f:
    json.dump(summary, f, indent=2)
    f.write("\n")


def fmt(x, spec=".3g"):
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return "yes" if x else "no"
    return format(x, spec) if isinstance(x, (int, float)) else str(x)


md = ["# ea4j core benchmark, %s" % stamp, ""]
if quick:
    md += ["**--quick run: tiny sizes, the numbers only show that the pieces run.**", ""]
md += ["commit `%s`, %s (%s), %s, torch %s" % (summary["commit"], summary["machine"], summary["cpu"],
                                                summary["java"], summary["torch"]), "",
       "EA shape B=%d L=%d D=%d; matmul M=%d N=%d K=%d; all times are medians." % (B, L, D, M, N, K), "",
       "## Targets", "", "| what | value | target | met |", "|---|---|---|---|"]
for t in summary["targets"]:
    md.append("| %s | %s | %s | %s |" % (t["name"], fmt(t["value"]), t["target"],
                                          {True: "yes", False: "**no**", None: "n/a"}[t["met"]]))
md += ["", "## EA-series (cpu backend) vs the paper's Figure 2 in PyTorch eager", "",
       "| kernel | fwd ms | fwd+bwd ms | GB/s fwd | main-memory copy GB/s | roofline | same-bytes copy GB/s | torch fwd ms | torch fwd+bwd ms | "
       "fwd speedup | fwd+bwd speedup |", "|---|---|---|---|---|---|---|---|---|---|---|"]
ms = lambda x: None if x is None else x * 1e3
for name, r in summary["ea"].items():
    md.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        name, fmt(ms(r.get("fwd_median_s"))), fmt(ms(r.get("fwdbwd_median_s"))), fmt(r.get("fwd_gbps")),
        fmt(r.get("stream_copy_gbps")), fmt(r.get("roofline_fraction")), fmt(r.get("copy_gbps")),
        fmt(ms(r.get("torch_fwd_median_s"))),
        fmt(ms(r.get("torch_fwdbwd_median_s"))), fmt(r.get("fwd_speedup_vs_torch")),
        fmt(r.get("fwdbwd_speedup_vs_torch"))))
md += ["", "## Matmul (JMH, cpu backend) vs OpenBLAS SGEMM", "",
       "| layout | ea4j ms | ea4j GFLOP/s | OpenBLAS GFLOP/s | ratio |", "|---|---|---|---|---|"]
for v, r in summary["matmul"].items():
    md.append("| %s | %s | %s | %s | %s |" % (v, fmt(ms(r["ea4j_median_s"])), fmt(r["ea4j_gflops"]),
                                             fmt(r["openblas_gflops"]), fmt(r["ratio_vs_openblas"])))
md += ["", "OpenBLAS: best of %s." % (", ".join(r["config"] for r in blas_runs) or "n/a"), "",
       "## Recurrent step (JMH, B=1, D=768)", ""]
for k, v in summary["recurrent"].items():
    md.append("- %s: %s" % (k, fmt(v)))
if summary["failed"]:
    md += ["", "## Failed pieces", ""]
    for fl in summary["failed"]:
        md.append("- `%s` (exit %d): `%s`" % (fl["step"], fl["exit"], fl["command"]))
        md += ["    " + l for l in fl["stderr_tail"]]
md += ["", "Raw outputs: `%s`" % raw, ""]
with open(base + ".md", "w") as f:
    f.write("\n".join(md))
print("run-core-bench: wrote %s.json and %s.md" % (base, base), file=sys.stderr)

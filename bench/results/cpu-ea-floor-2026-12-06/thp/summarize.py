"""Summarises thp/run.sh: per form and setting, forward and fwd+bwd medians per round and their median."""
import glob, json, os, statistics
here = os.path.dirname(os.path.abspath(__file__))
for form in ["ea6-causal", "ea2-causal", "ea6", "ea2"]:
    row = {}
    for setting in ["default", "thp"]:
        rs = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(here, f"{form}-{setting}-[0-9]*.json")))]
        fwd = [r["fwd_median_s"] * 1e3 for r in rs]
        fb = [r["fwdbwd_median_s"] * 1e3 for r in rs]
        pf = [r["paired_roofline_fraction"] for r in rs]
        pfb = [r["paired_fwdbwd_roofline_fraction"] for r in rs]
        row[setting] = (fwd, fb, pf, pfb)
        print(f"{form:11s} {setting:7s} fwd {' '.join(f'{x:5.2f}' for x in fwd)} (median {statistics.median(fwd):.2f})"
              f"  fwd+bwd {' '.join(f'{x:5.2f}' for x in fb)} (median {statistics.median(fb):.2f})"
              f"  paired fwd {min(pf):.2f}-{max(pf):.2f} fwd+bwd {min(pfb):.2f}-{max(pfb):.2f}")
    d, t = row["default"], row["thp"]
    print(f"{'':11s} thp/default medians: fwd {statistics.median(t[0]) / statistics.median(d[0]):.2f}x"
          f"  fwd+bwd {statistics.median(t[1]) / statistics.median(d[1]):.2f}x")

"""Medians per configuration and jar over the rounds of attention-{before,after}.txt: forward, forward+backward,
the same run's 512 MiB copy, and the fractions of the copy roofline (16 B/element forward, 28 B/element fwd+bwd)."""
import re, statistics, sys
B_L_D = 4096 * 768
rows = {}
for jar in ('before', 'after'):
    cfg = None
    for line in open(f'attention-{jar}.txt'):
        m = re.match(r'== round \d+, jar \w+, --order (.*)', line)
        if m: cfg = 'EA-' + m.group(1).replace(' --causal', ' causal'); continue
        m = re.match(r'(forward|forward\+backward|copy GB/s, 512 MiB)\s+([\d.]+)', line)
        if m: rows.setdefault((cfg, jar), {}).setdefault(m.group(1), []).append(float(m.group(2)))
print('| config | jar | forward ms | fwd+bwd ms | copy GB/s | forward / roofline | fwd+bwd / roofline (28 B) |')
print('|---|---|---|---|---|---|---|')
for (cfg, jar), r in rows.items():
    f, fb, c = (statistics.median(r[k]) for k in ('forward', 'forward+backward', 'copy GB/s, 512 MiB'))
    print(f'| {cfg} | {jar} | {f:.2f} | {fb:.2f} | {c:.1f} | {16 * B_L_D / (f * 1e-3) / 1e9 / c:.3f} | '
          f'{28 * B_L_D / (fb * 1e-3) / 1e9 / c:.3f} |')

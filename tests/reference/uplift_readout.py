"""Reference numbers for tests/dynamics_campaign_readout.rs.

The campaign: 500 customers, 400 "lost" (one 50 EUR order on 2024-03-01) and
100 "champions" (three 100 EUR orders in May-June 2024). A 25 % control
drawn per segment gives 300 targets / 100 controls (lost) and 75 / 25
(champions). In the later file, responders buy once for 40 EUR within the
8-week window: lost 90 targets and 15 controls, champions 45 targets and 10
controls. Contact cost: the "courrier" channel, 1.20 EUR per target.

Two-proportion unpooled Wald interval (Agresti & Franklin, Statistics,
section 10.1); the overall line is the stratified estimate with weights
n1_s / sum n1 and variance sum w_s^2 Var_s. Run with `python3
tests/reference/uplift_readout.py`; the printed numbers are in the test.
"""
from math import sqrt
from statistics import NormalDist

z = NormalDist().inv_cdf(0.975)
segments = {
    # name: (targets, target responders, controls, control responders)
    "champions": (75, 45, 25, 10),
    "lost": (300, 90, 100, 15),
}
spend, cost = 40.0, 1.20
total_targets = sum(s[0] for s in segments.values())
overall_uplift = overall_var = 0.0
incremental_total = 0.0
for name, (n1, x1, n0, x0) in segments.items():
    p1, p0 = x1 / n1, x0 / n0
    var = p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0
    half = z * sqrt(var)
    incremental = (x1 * spend / n1 - x0 * spend / n0) * n1
    net = incremental - cost * n1
    print(f"{name}: p1={p1!r} p0={p0!r} uplift={p1 - p0!r} "
          f"ci=({p1 - p0 - half!r}, {p1 - p0 + half!r}) "
          f"incremental_revenue={incremental!r} net_gain={net!r}")
    w = n1 / total_targets
    overall_uplift += w * (p1 - p0)
    overall_var += w * w * var
    incremental_total += incremental
half = z * sqrt(overall_var)
print(f"all: uplift={overall_uplift!r} ci=({overall_uplift - half!r}, {overall_uplift + half!r}) "
      f"incremental_revenue={incremental_total!r} net_gain={incremental_total - cost * total_targets!r}")

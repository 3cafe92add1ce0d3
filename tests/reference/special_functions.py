"""Reference values for src/predict/special.rs (ln Γ, ψ, the chi-square
survival function and the standard normal quantile), computed once with
mpmath at 50 significant digits and scipy for a cross-check.

Run: python3 tests/reference/special_functions.py  (mpmath 1.3.0, scipy 1.17.1)
The printed values are held in the tests of src/predict/special.rs.
"""
import mpmath
from scipy import special, stats

mpmath.mp.dps = 50


def show(name, args, exact, check):
    print(f"{name}{args} = {mpmath.nstr(exact, 17)}  (scipy {check!r})")


for x in [1e-8, 0.1, 0.5, 1.0, 1.5, 2.5, 7.3, 12.0, 25.0, 171.5, 1e5, 3.2e7]:
    show("ln_gamma", (x,), mpmath.loggamma(x), float(special.gammaln(x)))
for x in [1e-7, 0.1, 0.5, 1.0, 2.5, 7.3, 11.9, 12.0, 40.0, 1e5, 3.2e7]:
    show("digamma", (x,), mpmath.digamma(x), float(special.digamma(x)))
for (x, k) in [(0.004, 1), (0.5, 1), (3.84, 1), (0.2, 2), (5.99, 2), (7.0, 3), (0.3, 4), (25.0, 4), (80.0, 9), (150.0, 3)]:
    exact = mpmath.gammainc(k / 2, x / 2, mpmath.inf, regularized=True)
    show("chi_square_sf", (x, k), exact, float(stats.chi2.sf(x, k)))
for p in [1e-12, 0.001, 0.025, 0.1, 0.5, 0.8, 0.975, 0.995, 1 - 1e-9]:
    exact = mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(p) - 1)
    show("normal_quantile", (p,), exact, float(stats.norm.ppf(p)))

"""Expected values for the small Kaplan-Meier / log-rank unit tests in
src/dynamics/kaplan_meier.rs. Run: python3 tests/reference/kaplan_meier_small.py
(lifelines 0.30.3, numpy 2.4, scipy 1.17)."""
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from lifelines.utils import median_survival_times

kmf = KaplanMeierFitter().fit([0, 0, 3, 3, 5, 7, 7, 9], [1, 0, 1, 0, 1, 1, 0, 1])
print(kmf.event_table)
print(kmf.survival_function_.join(kmf.confidence_interval_).to_string(float_format=repr))
print("median", kmf.median_survival_time_, "interval", median_survival_times(kmf.confidence_interval_).values)

kmf = KaplanMeierFitter().fit([2, 3, 3, 5], [0, 1, 0, 0])
print(kmf.survival_function_.join(kmf.confidence_interval_).to_string(float_format=repr))
print("median", kmf.median_survival_time_)

# lifelines' own docstring example for multivariate_logrank_test.
G = [0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2]
T = [5, 3, 9, 8, 7, 4, 4, 3, 2, 5, 6, 7]
E = [1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0]
result = multivariate_logrank_test(T, G, E)
print("logrank statistic", repr(result.test_statistic), "p", repr(result.p_value))

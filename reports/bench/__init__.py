"""The reports benchmark (`manage.py bench_reports`): a synthetic population and the naive and
plain matrices to time the dashboard against."""

from reports.bench.naive import Tally, differences, facts_tally, naive_matrix
from reports.bench.plain import plain_matrix
from reports.bench.population import Population, build_population, make_admin

__all__ = [
    "Population",
    "Tally",
    "build_population",
    "differences",
    "facts_tally",
    "make_admin",
    "naive_matrix",
    "plain_matrix",
]

"""Benchmarks of the SDK, each printed as a ratio against a floor measured in the same run.

``python -m bench`` (or ``make bench``) runs them all against the mock on loopback;
``python -m bench --write`` also records the run in bench/RESULTS.md.
"""

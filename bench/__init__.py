"""Benchmarks: run by hand (``./dev bench [name]``) or in CI, never as timed unit tests.

Every benchmark measures a baseline in the same run and prints ratios against it.
"""

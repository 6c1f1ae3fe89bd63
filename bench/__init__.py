"""Benchmarks at scale: `python -m bench` (or `make bench`). See docs/performance.md.

Everything here measures; nothing here asserts. The benchmarks run against their own
database (`bench_sharing`, created fresh on the embedded server or on DATABASE_URL's
server), never against the development data.
"""

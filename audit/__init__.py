"""The audit log: one append-only, hash-chained event per thing that happened.

The bottom of the dependency order (audit <- agencies <- records <- consent <- sharing):
nothing here imports another app of the project. This package's `__init__` imports
nothing, so that `audit.encoding` loads without Django (the benchmarks need that).
"""

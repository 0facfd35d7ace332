"""The benchmarks of `make bench` (DESIGN.md §7): the national-scale synthetic dataset
(`generate_dataset`), the figures (`bench`), the PDF timings (`bench_pdf`).

The last app of the chain: it may import from every other app and from `demo`, and none
imports from it. Never installed in production (config/settings/production.py).
"""

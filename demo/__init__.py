"""The demo: `seed_demo` (real CLS, fictional people). Never installed in production.

It may import from every app of the chain; none imports from it but `bench`.
"""

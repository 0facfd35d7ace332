"""Demo and synthetic data: `seed_demo` (real CLS, fictional people) and `generate_dataset`.

The last app of the chain: it may import from every other app, and none imports from it.
"""

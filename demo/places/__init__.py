"""The demo's contracts, one module per territory, each exporting `CONTRACTS` in creation order."""

"""One module per concern; each exposes a small ``build_*`` function taking the spec."""

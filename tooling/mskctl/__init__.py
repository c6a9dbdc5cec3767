"""mskctl: offline tooling for the MSK program (runs it under Pulumi's mock runtime)."""

__version__ = "0.4.0"

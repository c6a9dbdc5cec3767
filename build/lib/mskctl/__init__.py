"""mskctl: offline tooling for the MSK program (runs it under Pulumi's mock runtime)."""

"""Compliance rules for MSK stacks (pulumi-policy): the pack in ``policy/`` assembles them,
``mskctl plan`` runs them offline, and embedders can run them over their own stacks."""

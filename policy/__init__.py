"""The MSK policy pack: rules for `pulumi preview --policy-pack policy` and for `mskctl plan`."""

"""Which broker listeners a spec turns on: their ports, and where their bootstrap string lives.

Pure Python. The security group opens exactly these ports; the outputs export exactly these
bootstrap strings; nothing else decides either.
"""

from dataclasses import dataclass

from . import catalog
from .spec import ClusterSpec


@dataclass(frozen=True)
class Listener:
    """One way in: e.g. SASL/IAM inside the VPC on 9098."""

    mode: str  # iam | scram | tls | plaintext
    public: bool
    port: int
    label: str  # human name, used in rule descriptions
    output_name: str  # stack output / component attribute (camelCase)
    attribute: str  # the provider attribute (snake_case) that holds the bootstrap string
    last_port: int | None = None  # a range's last port (multi-VPC connectivity); None: one
    private_link: bool = False  # reached over multi-VPC private connectivity (PrivateLink)

    @property
    def ports(self) -> tuple[int, int]:
        """First and last port (the same for a listener of one port)."""
        return self.port, self.last_port or self.port


_MODES = {
    # mode: (catalog port name, label, output suffix, provider attribute suffix)
    "iam": ("sasl_iam", "Kafka SASL/IAM", "Iam", "sasl_iam"),
    "scram": ("sasl_scram", "Kafka SASL/SCRAM", "Scram", "sasl_scram"),
    "tls": ("tls", "Kafka TLS", "Tls", "tls"),
    "plaintext": ("plaintext", "Kafka plaintext", "Plaintext", ""),
}


PUBLIC_MODES = ("iam", "scram", "tls")  # plaintext is never public
PRIVATE_LINK_MODES = ("iam", "scram", "tls")  # multi-VPC connectivity has no plaintext
PRIVATE_LINK = "VpcConnectivity"  # the outputs' and attributes' word for it


def _output_name(mode: str, public: bool, reach: str = "") -> str:
    return f"bootstrapBrokers{'Public' if public else reach}{_MODES[mode][2]}"


# Every bootstrap output a cluster can have; those of listeners that are off resolve to None.
BOOTSTRAP_OUTPUT_NAMES = (
    tuple(_output_name(mode, False) for mode in _MODES)
    + tuple(_output_name(mode, True) for mode in PUBLIC_MODES)
    + tuple(_output_name(mode, False, PRIVATE_LINK) for mode in PRIVATE_LINK_MODES)
)


def enabled_modes(spec: ClusterSpec) -> list[str]:
    """Modes in a stable order. TLS carries both mutual-TLS and unauthenticated TLS clients."""
    if spec.is_serverless:
        return ["iam"]
    auth = spec.auth
    encryption = spec.client_broker_encryption
    tls_listener = encryption in ("TLS", "TLS_PLAINTEXT")
    modes = []
    if auth.iam:
        modes.append("iam")
    if auth.scram:
        modes.append("scram")
    if auth.tls or (auth.unauthenticated and tls_listener):
        modes.append("tls")
    if encryption in ("PLAINTEXT", "TLS_PLAINTEXT"):
        modes.append("plaintext")
    return modes


def listeners(spec: ClusterSpec) -> list[Listener]:
    """Every listener the cluster will have: private, public (when public access), then those
    of multi-VPC connectivity (when on)."""
    out = []
    for mode in enabled_modes(spec):
        port_name, label, _, attr = _MODES[mode]
        attribute = "bootstrap_brokers" + (f"_{attr}" if attr else "")
        out.append(
            Listener(
                mode, False, catalog.port(port_name), label, _output_name(mode, False), attribute
            )
        )
    if spec.public_access:
        for mode in enabled_modes(spec):
            if mode not in PUBLIC_MODES:
                continue
            port_name, label, _, attr = _MODES[mode]
            out.append(
                Listener(
                    mode,
                    True,
                    catalog.port(f"public_{port_name}"),
                    f"{label} (public)",
                    _output_name(mode, True),
                    f"bootstrap_brokers_public_{attr}",
                )
            )
    return out + _private_link_listeners(spec)


def _private_link_listeners(spec: ClusterSpec) -> list[Listener]:
    """Multi-VPC connectivity's listeners: one per mode on, all on one port range (no source
    maps modes to parts of it; catalog ports.multi_vpc_privatelink_range)."""
    connectivity = spec.vpc_connectivity
    if spec.is_serverless or connectivity is None:
        return []
    first, last = catalog.port_range("multi_vpc_privatelink_range")
    enabled = enabled_modes(spec)
    out = []
    for mode in connectivity.modes:
        if mode not in enabled or mode not in PRIVATE_LINK_MODES:
            continue  # the spec refuses a mode the cluster doesn't have on
        _, label, _, attr = _MODES[mode]
        out.append(
            Listener(
                mode,
                False,
                first,
                f"{label} (multi-VPC)",
                _output_name(mode, False, PRIVATE_LINK),
                f"bootstrap_brokers_vpc_connectivity_{attr}",
                last_port=last,
                private_link=True,
            )
        )
    return out

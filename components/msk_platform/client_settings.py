"""What a Kafka client needs to connect, per enabled auth mode (pure; the catalog holds the
property values). Never a password: the SCRAM entry says where to read it."""

from . import catalog


def client_properties(mode: str, bootstrap: str | None) -> dict[str, str]:
    properties = {"bootstrap.servers": bootstrap or ""}
    properties.update(catalog.client_access()["client_properties"][mode])
    return properties

"""The catalog: every figure keeps its source and date, and the accessors read it right."""

from msk_platform import catalog


def test_every_version_and_instance_type_has_source_and_date():
    document = catalog.raw()
    for section in ("kafka_versions", "instance_types"):
        for item in document[section]:
            assert item["source"] and all(item["source"]), item
            assert item["as_of"], item
    for section in ("storage", "cluster_limits", "ports", "serverless_limits", "pricing"):
        part = document[section]
        nested = [v for v in part.values() if isinstance(v, dict) and "source" in v]
        assert part.get("source") or nested, section
        assert part.get("as_of") or all(v.get("as_of") for v in nested), section


def test_every_instance_type_has_a_price():
    prices = catalog.raw()["pricing"]["broker_hour"]
    assert set(prices) == set(catalog.instance_types())
    assert catalog.raw()["pricing"]["region"] == "us-east-1"


def test_api_strings_select_version_and_metadata_mode():
    version, mode = catalog.find_kafka_version("3.9.x.kraft")
    assert (version.version, mode) == ("3.9.x", catalog.KRAFT)
    assert catalog.find_kafka_version("3.9.x")[1] == catalog.ZOOKEEPER
    assert catalog.find_kafka_version("9.9.x") is None


def test_versions_are_newest_first_and_express_only_4_2():
    versions = [v.version for v in catalog.kafka_versions()]
    assert versions[:3] == ["4.2.x", "4.1.x", "4.0.x"]
    four_two = catalog.kafka_versions()[0]
    assert four_two.broker_types == (catalog.EXPRESS,)


def test_instance_type_capabilities():
    types = catalog.instance_types()
    assert not types["kafka.t3.small"].kraft
    assert types["kafka.m7g.2xlarge"].provisioned_throughput_max_mibps == 312.5
    assert types["kafka.m7g.large"].provisioned_throughput_max_mibps is None
    express = types["express.m7g.large"]
    assert express.is_express and express.allows_metadata_mode(catalog.KRAFT, "3.9.x")
    assert not express.allows_metadata_mode(catalog.KRAFT, "3.8.x")


def test_limits_and_ports():
    assert catalog.max_brokers_per_cluster(catalog.KRAFT) == 60
    assert catalog.max_brokers_per_cluster(catalog.ZOOKEEPER) == 30
    assert catalog.allowed_subnet_counts(catalog.EXPRESS) == (3,)
    assert catalog.ebs_volume_bounds() == (1, 16384)
    assert [catalog.port(p) for p in ("plaintext", "tls", "sasl_scram", "sasl_iam")] == [
        9092,
        9094,
        9096,
        9098,
    ]
    assert "use1-az3" in catalog.unsupported_az_ids()

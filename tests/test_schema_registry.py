"""Glue Schema Registry: ``msk:schemaRegistry`` and the SchemaRegistry component. Definitions
checked per format both ways, names and limits from botocore, the resources and inputs the
plan shows, the Glue permissions grants add (exactly), the standalone component with good and
bad args, its place in the published schema, the lifecycle model and the bill's free line."""

import json

import pytest

from msk_platform import MskConfigError, catalog
from msk_platform.builders.schema_registry import REPLACED_ON
from msk_platform.cost import estimate
from msk_platform.spec.schema_syntax import avro_problems, json_schema_problems, protobuf_problems
from mskctl import lifecycle
from tests.conftest import build_spec, problems_by_key

REGISTRY = "aws:glue/registry:Registry"
SCHEMA = "aws:glue/schema:Schema"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
RULES = catalog.raw()["schema_registry"]

ORDER_AVSC = json.dumps(
    {
        "type": "record",
        "name": "Order",
        "namespace": "com.example.orders",
        "doc": "An order as the shop writes it",
        "fields": [
            {"name": "id", "type": "string"},
            {"name": "placed_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
            {
                "name": "amount",
                "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2},
            },
            {
                "name": "status",
                "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]},
            },
            {"name": "previous_status", "type": ["null", "Status"], "default": None},
            {
                "name": "lines",
                "type": {
                    "type": "array",
                    "items": {
                        "type": "record",
                        "name": "Line",
                        "fields": [
                            {"name": "sku", "type": "string"},
                            {"name": "quantity", "type": "int"},
                        ],
                    },
                },
            },
            {"name": "attributes", "type": {"type": "map", "values": "string"}},
            {"name": "checksum", "type": {"type": "fixed", "name": "Md5", "size": 16}},
            {"name": "replaces", "type": ["null", "com.example.orders.Order"], "default": None},
        ],
    },
    indent=2,
)

AUDIT_JSON_SCHEMA = json.dumps(
    {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "AuditEvent",
        "type": "object",
        "properties": {
            "who": {"type": "string"},
            "when": {"type": "string", "format": "date-time"},
            "changes": {"type": "array", "items": {"$ref": "#/definitions/change"}},
            "reason": {"type": ["string", "null"]},
        },
        "required": ["who", "when"],
        "additionalProperties": False,
        "definitions": {
            "change": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "to": {}},
                "oneOf": [{"required": ["field"]}],
            }
        },
    },
    indent=2,
)

PAYMENT_PROTO = """\
syntax = "proto3";

package com.example.payments;

import "google/protobuf/timestamp.proto";

option java_package = "com.example.payments";
option java_multiple_files = true;

/* A payment, as the payments service writes it. */
message Payment {
  string id = 1;
  int64 amount_cents = 2;
  google.protobuf.Timestamp created_at = 3;
  repeated string tags = 4 [packed = false];
  map<string, string> attributes = 5;
  oneof method {
    string card_token = 6;
    string iban = 7;
  }
  optional string note = 8;
  Status status = 9;
  reserved 10 to 12, 20;
  reserved "legacy_id";

  enum Status {
    STATUS_UNSPECIFIED = 0;
    AUTHORISED = 1;
    SETTLED = 2;
  }
  message Refund { string reason = 1; int64 amount_cents = 2; }
}

service Payments {
  rpc Get (Payment) returns (Payment);
  rpc Watch (Payment) returns (stream Payment) { option deprecated = true; }
}
"""


def schema(name="orders-value", data_format="AVRO", definition=ORDER_AVSC, **fields) -> dict:
    return {"name": name, "dataFormat": data_format, "definition": definition, **fields}


def registry(*schemas, name="orders") -> dict:
    return {"name": name, "schemas": list(schemas) or [schema()]}


# --- Avro ---------------------------------------------------------------------------------


def test_a_realistic_avro_schema_is_accepted():
    assert avro_problems(ORDER_AVSC) == []
    assert avro_problems('"string"') == []
    assert avro_problems('["null", "string"]') == []


def _record(*fields, **extra) -> str:
    return json.dumps({"type": "record", "name": "Order", "fields": list(fields), **extra})


@pytest.mark.parametrize(
    ("definition", "where", "says"),
    [
        (_record({"name": "id", "type": "strng"}), "fields[0].type", "neither a primitive"),
        (_record({"name": "id", "type": "Customer"}), "fields[0].type", "named type defined"),
        (
            _record({"name": "id", "type": "int"}, {"name": "id", "type": "long"}),
            "fields[1].name",
            "repeats id",
        ),
        (_record({"name": "1st", "type": "int"}), "fields[0].name", "not a valid Avro name"),
        (_record({"type": "int"}), "fields[0]", 'has no "name"'),
        (_record({"name": "id"}), "fields[0]", 'has no "type"'),
        (json.dumps({"type": "record", "name": "Order"}), "fields", "a record needs"),
        (json.dumps({"type": "record", "fields": []}), "the schema", 'without "name"'),
        (
            json.dumps({"type": "enum", "name": "S", "symbols": ["A", "B", "A"]}),
            "symbols[2]",
            "repeats A",
        ),
        (json.dumps({"type": "enum", "name": "S", "symbols": []}), "symbols", "missing or empty"),
        (
            json.dumps({"type": "enum", "name": "S", "symbols": ["A"], "default": "B"}),
            "default",
            "not a symbol",
        ),
        (json.dumps({"type": "fixed", "name": "Md5"}), "size", "a fixed needs"),
        (json.dumps({"type": "array"}), "the schema", 'without "items"'),
        (json.dumps({"type": "map"}), "the schema", 'without "values"'),
        (json.dumps(["null", "string", "null"]), "[2]", "repeats null"),
        (json.dumps(["null", ["int", "long"]]), "[1]", "union inside a union"),
        (
            json.dumps(
                [
                    {"type": "fixed", "name": "A", "size": 1},
                    {"type": "fixed", "name": "A", "size": 2},
                ]
            ),
            "[1].name",
            "redefines A",
        ),
        (
            _record({"name": "a", "type": "int"}, namespace="com.1bad"),
            "namespace",
            "not a valid Avro namespace",
        ),
        (json.dumps({"type": "record", "name": "int", "fields": []}), "name", "primitive"),
    ],
)
def test_avro_schemas_that_break_the_specification_are_refused_saying_where(
    definition, where, says
):
    problems = avro_problems(definition)
    assert any(p.startswith(f"{where}:") and says in p for p in problems), problems


def test_avro_text_that_is_not_json_is_refused_with_line_and_column():
    (problem,) = avro_problems('{\n  "type": "record",\n  "name": "Order"\n  "fields": []\n}')
    assert problem.startswith("line 4, column 3: not valid JSON")


def test_an_avro_reference_resolves_in_the_enclosing_namespace():
    nested = json.dumps(
        {
            "type": "record",
            "name": "Order",
            "namespace": "com.example",
            "fields": [
                {"name": "s", "type": {"type": "enum", "name": "Status", "symbols": ["A"]}},
                {"name": "t", "type": "Status"},
                {"name": "u", "type": "com.example.Status"},
                {"name": "v", "type": "other.Status"},
            ],
        }
    )
    (problem,) = avro_problems(nested)
    assert problem.startswith("fields[3].type:")


# --- JSON Schema --------------------------------------------------------------------------


def test_a_realistic_json_schema_is_accepted():
    assert json_schema_problems(AUDIT_JSON_SCHEMA) == []
    assert json_schema_problems('{"type": "object"}') == []  # no $schema: fine


@pytest.mark.parametrize(
    ("definition", "where", "says"),
    [
        ('{"type": "obj"}', "type", "not a type"),
        ('{"type": ["string", "string"]}', "type", "distinct types"),
        ('{"properties": {"a": {"type": "text"}}}', "properties.a.type", "not a type"),
        ('{"items": {"type": "int"}}', "items.type", "not a type"),
        ('{"required": "a"}', "required", "distinct property names"),
        ('{"enum": []}', "enum", "non-empty"),
        ('{"anyOf": []}', "anyOf", "non-empty list"),
        ('{"properties": []}', "properties", "not an object of schemas"),
        (
            '{"$schema": "https://json-schema.org/draft/2020-12/schema"}',
            "$schema",
            "not a draft Glue supports",
        ),
        ("[1, 2]", "the schema", "not a JSON Schema object"),
    ],
)
def test_json_schemas_that_are_not_json_schema_objects_are_refused_saying_where(
    definition, where, says
):
    problems = json_schema_problems(definition)
    assert any(p.startswith(f"{where}:") and says in p for p in problems), problems


def test_each_draft_glue_supports_is_accepted_by_its_uri():
    for uri in RULES["json_schema_drafts"]:
        assert json_schema_problems(json.dumps({"$schema": uri, "type": "object"})) == []


def test_json_text_that_does_not_parse_is_refused_with_line_and_column():
    (problem,) = json_schema_problems('{"type": "object",\n "properties": {,}}')
    assert problem.startswith("line 2, column 17: not valid JSON")


# --- Protocol Buffers ---------------------------------------------------------------------


def test_a_realistic_proto3_file_is_accepted():
    assert protobuf_problems(PAYMENT_PROTO) == []


def test_a_proto2_file_with_labels_is_accepted():
    proto2 = 'syntax = "proto2";\nmessage A { required string id = 1; optional int32 n = 2; }\n'
    assert protobuf_problems(proto2) == []


@pytest.mark.parametrize(
    ("definition", "where", "says"),
    [
        (
            'syntax = "proto3";\nmessage A {\n  required string id = 1;\n}',
            "line 3, column 3",
            "proto3",
        ),
        (
            'syntax = "proto3";\nmessage A { string a = 1; string b = 1; }',
            "line 2, column 38",
            "repeats the number",
        ),
        ('syntax = "proto3";\nmessage A { string a = 19000; }', "line 2, column 24", "reserved"),
        ('syntax = "proto3";\nmessage A { string a = 0; }', "line 2, column 24", "out of range"),
        (
            'syntax = "proto3";\nmessage A { string a = 536870912; }',
            "line 2, column 24",
            "out of range",
        ),
        (
            'syntax = "proto3";\nmessage A { reserved 2; string a = 2; }',
            "line 2, column 36",
            "reserves",
        ),
        ('syntax = "proto3";\nmessage A {\n  string a = 1;\n', "line 2, column 11", "never closed"),
        ('syntax = "proto3";\nmessage A { string a = 1 }', "line 2, column 26", "expected ';'"),
        ('syntax = "proto4";', "line 1, column 10", "not one Glue supports"),
        ('edition = "2023";', "line 1, column 1", "editions are not supported"),
        ('package a;\nsyntax = "proto3";', "line 2, column 1", "first statement"),
        ('syntax = "proto2";\nmessage A { string a = 1; }', "line 2, column 13", "need a label"),
        (
            'syntax = "proto2";\nmessage A { extensions 100 to 199; }',
            "line 2, column 13",
            "not supported by the Glue",
        ),
        ('syntax = "proto3";\nenum E { A = 1; }', "line 2, column 14", "must be 0"),
        (
            'syntax = "proto3";\nmessage A { map<double, string> m = 1; }',
            "line 2, column 17",
            "map key",
        ),
        ('syntax = "proto3";\nimport foo;', "line 2, column 8", "quoted file"),
        ('syntax = "proto3";\nmessag A {}', "line 2, column 1", "top-level statement"),
    ],
)
def test_proto_files_that_protoc_or_glue_would_refuse_are_refused_saying_where(
    definition, where, says
):
    problems = protobuf_problems(definition)
    assert any(p.startswith(f"{where}:") and says in p for p in problems), problems


def test_every_proto_problem_found_before_a_structural_one_is_reported_with_it():
    problems = protobuf_problems(
        'syntax = "proto3";\nmessage A {\n  string a = 1;\n  string b = 1;\n  string c = 0;\n'
    )
    assert [p.split(":")[0] for p in problems] == [
        "line 4, column 14",
        "line 5, column 14",
        "line 2, column 11",
    ]


# --- the config key -----------------------------------------------------------------------


def test_a_registry_with_one_schema_per_format_is_accepted_with_glues_recommended_default():
    spec = build_spec(
        schema_registry=registry(
            schema(),
            schema("audit-value", "JSON", AUDIT_JSON_SCHEMA, compatibility="FULL_ALL"),
            schema("payments-value", "PROTOBUF", PAYMENT_PROTO, compatibility="NONE"),
        )
    )
    assert spec.schema_registry.name == "orders"
    assert [(s.name, s.data_format, s.compatibility) for s in spec.schema_registry.schemas] == [
        ("orders-value", "AVRO", "BACKWARD"),
        ("audit-value", "JSON", "FULL_ALL"),
        ("payments-value", "PROTOBUF", "NONE"),
    ]
    assert spec.schema_registry.schemas[2].definition == PAYMENT_PROTO.strip()


def test_a_bad_definition_is_named_by_its_index_and_says_where():
    bad = schema("payments-value", "PROTOBUF", 'syntax = "proto3";\nmessage A { string a = 0; }')
    problems = problems_by_key(schema_registry=registry(schema(), bad))
    message = problems["msk:schemaRegistry.schemas[1].definition"]
    assert message.startswith("is not a valid PROTOBUF schema: line 2, column 24:")


def test_a_definition_is_checked_against_its_own_format():
    problems = problems_by_key(schema_registry=registry(schema(data_format="JSON")))
    assert "not a valid JSON schema" in problems["msk:schemaRegistry.schemas[0].definition"]


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        ("orders", True),
        ("orders.v1_$#-x", True),
        ("x" * RULES["name"]["max_chars"], True),
        ("x" * (RULES["name"]["max_chars"] + 1), False),
        ("orders value", False),
        ("orders/value", False),
        ("ordérs", False),
    ],
)
def test_registry_and_schema_names_follow_glues_pattern_and_length(name, accepted):
    args = {"schema_registry": registry(schema(name), name=name)}
    if accepted:
        assert build_spec(**args).schema_registry.name == name
    else:
        problems = problems_by_key(**args)
        assert "not a Glue schema registry name" in problems["msk:schemaRegistry.name"]
        assert "not a Glue schema registry name" in problems["msk:schemaRegistry.schemas[0].name"]


def test_a_schema_name_given_twice_is_refused():
    problems = problems_by_key(schema_registry=registry(schema(), schema()))
    assert "msk:schemaRegistry.schemas[0].name" not in problems
    assert (
        "a registry holds each schema name once" in problems["msk:schemaRegistry.schemas[1].name"]
    )


def test_a_definition_over_glues_limit_is_refused_and_one_at_it_is_not():
    limit = RULES["definition_max_chars"]
    padding = " " * (limit - len('"string"'))
    assert build_spec(schema_registry=registry(schema(definition='"string"' + padding + "\n")))
    too_long = '"string"' + " " * (limit - len('"string"') + 1) + "1"
    problems = problems_by_key(schema_registry=registry(schema(definition=too_long)))
    assert f"more than Glue's {limit}" in problems["msk:schemaRegistry.schemas[0].definition"]


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("dataFormat", "XML", "'AVRO' or 'JSON' or 'PROTOBUF'"),
        ("compatibility", "SOMETIMES", "'BACKWARD'"),
        ("definition", "   ", "empty"),
        ("definition", 42, "use text"),
    ],
)
def test_a_schema_field_of_the_wrong_value_is_refused_naming_it(field, value, says):
    problems = problems_by_key(schema_registry=registry(schema(**{field: value})))
    assert says in problems[f"msk:schemaRegistry.schemas[0].{field}"]


def test_each_compatibility_mode_glue_has_is_accepted():
    for mode in RULES["compatibilities"]:
        spec = build_spec(schema_registry=registry(schema(compatibility=mode)))
        assert spec.schema_registry.schemas[0].compatibility == mode


def test_the_registry_needs_a_name_and_each_schema_its_required_fields():
    problems = problems_by_key(schema_registry={"schemas": [{"name": "a"}]})
    assert "is required" in problems["msk:schemaRegistry.name"]
    assert "is required" in problems["msk:schemaRegistry.schemas[0].dataFormat"]
    assert "is required" in problems["msk:schemaRegistry.schemas[0].definition"]


def test_the_registry_is_taken_on_serverless_clusters_too():
    spec = build_spec(cluster_type="serverless", schema_registry=registry())
    assert spec.schema_registry.schema_names == ("orders-value",)


# --- the resources -----------------------------------------------------------------------


def test_the_plan_makes_the_registry_and_one_schema_each_with_the_definition_as_given(
    run_config,
):
    run = run_config(
        schemaRegistry=registry(
            schema(), schema("payments-value", "PROTOBUF", PAYMENT_PROTO, compatibility="FULL")
        ),
        tags={"team": "payments"},
    )
    made = run.one(REGISTRY)
    assert made.name == "msk-schema-registry"
    assert made.parent == "msk:index:MskCluster::msk"
    assert made.inputs["registryName"] == "orders"
    assert made.inputs["tags"]["team"] == "payments"
    schemas = {s.inputs["schemaName"]: s for s in run.of_type(SCHEMA)}
    assert set(schemas) == {"orders-value", "payments-value"}
    payments = schemas["payments-value"]
    assert payments.inputs["dataFormat"] == "PROTOBUF"
    assert payments.inputs["compatibility"] == "FULL"
    assert payments.inputs["schemaDefinition"] == PAYMENT_PROTO.strip()  # line breaks kept
    assert schemas["orders-value"].inputs["compatibility"] == "BACKWARD"
    assert payments.dependencies["registryArn"] == [f"{REGISTRY}::msk-schema-registry"]


def test_no_registry_is_made_without_the_key(run_config):
    run = run_config()
    assert run.of_type(REGISTRY) == [] and run.of_type(SCHEMA) == []


def test_a_bad_definition_stops_the_program_before_anything_is_registered(run_config):
    run = run_config(
        schemaRegistry=registry(schema(definition='{"type": "recrd"}')), raise_errors=False
    )
    assert isinstance(run.error, MskConfigError)
    assert "msk:schemaRegistry.schemas[0].definition" in str(run.error)
    assert run.of_type(REGISTRY) == []


# --- grants -----------------------------------------------------------------------------


def _statements(run, role: str, kind: str) -> dict:
    policy = next(r for r in run.of_type(ROLE_POLICY) if r.name == f"msk-{kind}-{role}")
    return {s["Sid"]: s for s in json.loads(policy.inputs["policy"])["Statement"]}


GLUE = "arn:aws:glue:us-east-1:123456789012"


def test_config_grants_add_exactly_the_glue_permissions_serdes_need(run_config):
    run = run_config(
        schemaRegistry=registry(schema(), schema("audit-value", "JSON", AUDIT_JSON_SCHEMA)),
        grants=[
            {"roleName": "api", "produce": ["orders"], "schemas": ["orders-value"]},
            {
                "roleName": "billing",
                "consume": ["orders"],
                "groups": ["billing"],
                "schemas": ["orders-value", "audit-value"],
            },
            {"roleName": "plain", "produce": ["orders"]},
        ],
    )
    produce = _statements(run, "api", "produce")
    assert produce["SerializeSchemas"] == {
        "Sid": "SerializeSchemas",
        "Effect": "Allow",
        "Action": ["glue:GetSchemaByDefinition"],
        "Resource": [f"{GLUE}:registry/orders", f"{GLUE}:schema/orders/orders-value"],
    }
    consume = _statements(run, "billing", "consume")
    assert consume["DeserializeSchemas"] == {
        "Sid": "DeserializeSchemas",
        "Effect": "Allow",
        "Action": ["glue:GetSchemaVersion"],
        "Resource": ["*"],
    }
    actions = [a for s in (*produce.values(), *consume.values()) for a in s["Action"]]
    assert not any(a.startswith("glue:") and "Register" in a for a in actions)  # read only
    assert not any(
        s.startswith(("Serialize", "Deserialize")) for s in _statements(run, "plain", "produce")
    )


def test_a_grant_naming_a_schema_the_registry_lacks_is_refused():
    problems = problems_by_key(
        schema_registry=registry(),
        grants=[{"role_name": "api", "produce": ["orders"], "schemas": ["orders-key"]}],
    )
    assert "not a schema of msk:schemaRegistry" in problems["msk:grants[0].schemas[0]"]
    assert "orders-value" in problems["msk:grants[0].schemas[0]"]


def test_a_grant_naming_schemas_without_a_registry_is_refused():
    problems = problems_by_key(
        grants=[{"role_name": "api", "produce": ["orders"], "schemas": ["orders-value"]}]
    )
    assert "declares no msk:schemaRegistry" in problems["msk:grants[0].schemas"]


def test_schemas_on_a_grant_that_neither_produces_nor_consumes_are_refused():
    problems = problems_by_key(
        schema_registry=registry(),
        grants=[{"role_name": "ops", "admin": True, "schemas": ["orders-value"]}],
    )
    assert "nothing to produce or consume" in problems["msk:grants[0].schemas"]


GRANT_PROGRAM = """
import json
import pulumi
from msk_platform import MskCluster
cluster = MskCluster("events", {{"schema_registry": {registry!r}}})
cluster.grant_produce("api", ["orders"], schemas={produce!r})
cluster.grant_consume("billing", ["orders"], ["billing"], schemas={consume!r})
"""


def test_the_grant_methods_take_schemas_as_the_config_does(run_inline):
    run = run_inline(
        GRANT_PROGRAM.format(
            registry={"name": "orders", "schemas": [schema()]},
            produce=["orders-value"],
            consume=["orders-value"],
        )
    )
    assert run.error is None, run.error
    policies = {r.name: json.loads(r.inputs["policy"]) for r in run.of_type(ROLE_POLICY)}
    produce = {s["Sid"]: s for s in policies["events-produce-api"]["Statement"]}
    consume = {s["Sid"]: s for s in policies["events-consume-billing"]["Statement"]}
    assert produce["SerializeSchemas"]["Resource"] == [
        f"{GLUE}:registry/orders",
        f"{GLUE}:schema/orders/orders-value",
    ]
    assert consume["DeserializeSchemas"]["Action"] == ["glue:GetSchemaVersion"]


def test_the_grant_methods_refuse_a_schema_the_registry_lacks(run_inline):
    run = run_inline(
        GRANT_PROGRAM.format(
            registry={"name": "orders", "schemas": [schema()]},
            produce=["orders-key"],
            consume="orders-value",
        )
    )
    assert isinstance(run.error, MskConfigError)
    keys = {p.key for p in run.error.problems}
    assert keys == {"grant_produce.schemas[0]"}
    assert run.of_type(ROLE_POLICY) == []


def test_the_consume_method_refuses_schemas_given_as_text(run_inline):
    run = run_inline(
        GRANT_PROGRAM.format(
            registry={"name": "orders", "schemas": [schema()]},
            produce=[],
            consume="orders-value",
        )
    )
    assert isinstance(run.error, MskConfigError)
    assert {p.key for p in run.error.problems} == {"grant_consume.schemas"}


# --- the standalone component -------------------------------------------------------------

COMPONENT = """
import pulumi
from msk_platform import SchemaRegistry
registry = SchemaRegistry("catalog", {args!r})
pulumi.export("arn", registry.registry_arn)
pulumi.export("schemas", registry.schema_arns)
"""


def _component(run_inline, **args):
    return run_inline(COMPONENT.format(args=args))


def test_the_component_alone_makes_the_registry_and_its_schemas(run_inline):
    run = _component(
        run_inline,
        name="catalog",
        schemas=[
            {"name": "item", "data_format": "JSON", "definition": AUDIT_JSON_SCHEMA},
            {"name": "price", "data_format": "PROTOBUF", "definition": PAYMENT_PROTO},
        ],
        tags={"team": "catalog"},
    )
    assert run.error is None, run.error
    made = run.one(REGISTRY)
    assert made.parent == "msk:index:SchemaRegistry::catalog"
    assert made.inputs["registryName"] == "catalog"
    assert made.inputs["tags"] == {
        "project": "app",
        "stack": "t",
        "managed-by": "pulumi-msk",
        "team": "catalog",
        "Name": "catalog",
    }
    schemas = {s.inputs["schemaName"]: s.inputs for s in run.of_type(SCHEMA)}
    assert schemas["item"]["dataFormat"] == "JSON"
    assert schemas["price"]["compatibility"] == "BACKWARD"
    assert set(run.outputs["schemas"]) == {"item", "price"}


def test_the_component_refuses_bad_args_before_registering_anything(run_inline):
    run = _component(
        run_inline,
        name="cat alog",
        schemas=[
            {"name": "item", "data_format": "AVRO", "definition": '{"type": "record"}'},
            {"name": "item", "data_format": "JSON", "definition": "{}"},
        ],
        colour="blue",
    )
    assert isinstance(run.error, MskConfigError)
    problems = {p.key: p.message for p in run.error.problems}
    assert "not a Glue schema registry name" in problems["SchemaRegistry.name"]
    assert problems["SchemaRegistry.schemas[0].definition"].startswith(
        "is not a valid AVRO schema: the schema:"
    )
    assert "each schema name once" in problems["SchemaRegistry.schemas[1].name"]
    assert "is not an argument" in problems["SchemaRegistry.colour"]
    assert run.of_type(REGISTRY) == [] and run.of_type(SCHEMA) == []


def test_the_component_refuses_a_format_glue_does_not_have(run_inline):
    run = _component(
        run_inline,
        name="catalog",
        schemas=[{"name": "a", "data_format": "YAML", "definition": "{}"}],
    )
    assert isinstance(run.error, MskConfigError)
    (problem,) = run.error.problems
    assert problem.key == "SchemaRegistry.schemas[0].dataFormat"
    assert "'AVRO' or 'JSON' or 'PROTOBUF'" in problem.message


def test_the_component_refuses_args_that_are_not_a_mapping(run_inline):
    run = run_inline(
        "from msk_platform import SchemaRegistry\nSchemaRegistry('catalog', ['orders'])\n"
    )
    assert isinstance(run.error, MskConfigError)
    assert [p.key for p in run.error.problems] == ["args"]


def test_the_component_is_published_for_other_languages():
    from msk_platform.provider_schema import schema as provider_schema

    published = provider_schema()
    resource = published["resources"]["msk:index:SchemaRegistry"]
    assert resource["isComponent"] is True
    assert resource["requiredInputs"] == ["name"]
    assert set(resource["inputProperties"]) == {"name", "schemas", "tags"}
    assert set(resource["properties"]) == {
        "registryArn",
        "registryName",
        "schemaArns",
        "latestVersions",
    }
    item = published["types"]["msk:index:SchemaArgs"]["properties"]
    assert set(item) == {"name", "dataFormat", "compatibility", "definition"}


# --- lifecycle and cost -------------------------------------------------------------------


def test_the_lifecycle_model_says_what_replaces_a_schema_and_what_adds_a_version():
    schema_rules = lifecycle.lifecycle_of(SCHEMA)
    assert {r.path for r in schema_rules.replace} == {"schemaName", *REPLACED_ON}
    updates = {r.path: r.operation for r in schema_rules.update}
    assert updates["schemaDefinition"] == "RegisterSchemaVersion"
    assert updates["compatibility"] == "UpdateSchema"
    assert {r.path for r in lifecycle.lifecycle_of(REGISTRY).replace} == {"registryName"}
    assert "msk:index:SchemaRegistry" in lifecycle.not_cloud_resources()


def test_the_bill_shows_the_registry_as_free_with_the_source():
    spec = build_spec(schema_registry=registry(schema(), schema("b")))
    bill = estimate(spec, "us-east-1")
    (line,) = [line for line in bill.lines if "Glue Schema Registry" in line.item]
    assert line.monthly == 0.0 and line.in_msk_bill is False
    assert "orders (2 schemas): free" in line.item
    (note,) = [note for note in bill.assumptions if note.startswith("schema registry:")]
    assert "aws.amazon.com/glue/pricing" in note
    without = estimate(build_spec(), "us-east-1")
    assert bill.monthly == without.monthly
    assert not any("Glue" in line.item for line in without.lines)


@pytest.mark.parametrize("kept", [True, False])
def test_protect_and_retain_keep_the_registry_and_its_schemas(run_config, kept):
    # Records carry the id of the schema version they were written with: a schema deleted by
    # a destroy would leave them unreadable, so the registry is kept like the cluster's data.
    run = run_config(schemaRegistry=registry(schema()), protect=kept, retainOnDelete=kept)
    children = run.of_type(REGISTRY) + run.of_type(SCHEMA)
    assert len(children) == 2
    for child in children:
        assert bool(child.options["protect"]) is kept
        assert bool(child.options["retainOnDelete"]) is kept

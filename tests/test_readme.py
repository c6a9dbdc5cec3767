"""The README tells the truth: its table of keys is the spec's, its commands are CI's."""

from msk_platform.spec.keys import KEYS
from msk_platform.spec.reference import BEGIN, END, keys_table
from tests.conftest import PROJECT_DIR

README = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")


def test_keys_table_matches_the_spec():
    block = README.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert block == keys_table(), "run: python -m msk_platform.spec.reference --write README.md"


def test_every_key_is_documented_with_its_default():
    for key in KEYS:
        assert f"`msk:{key.name}`" in README
        assert key.doc and key.describe_default()


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert "venv/bin/python -m pytest" in README and "venv/bin/python -m pytest" in ci
    assert "pip install -r requirements.txt" in README and "-r requirements.txt" in ci

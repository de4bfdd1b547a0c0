"""Located errors: bad $refs (missing, outside the project, through a symlink, remote, no such
pointer, a loop), an invalid spec (one error per cause), syntax errors, a document that is not a
spec."""

from __future__ import annotations

import os
import shutil

import pytest

from renderer.core.errors import GuideError
from renderer.openapi.index import SpecIndex

from .helpers import BAD, FIXTURES


def problems_of(rel: str, root=BAD):
    return {p.pos.line: p for p in SpecIndex(root).load(rel).problems}


def test_each_bad_ref_is_located_at_its_ref_string():
    spec = SpecIndex(BAD).load("specs/refs.json")
    got = [(p.pos.path.rpartition("/")[2], p.pos.line, p.pos.col, p.message) for p in spec.problems]
    assert got[:5] == [
        ("refs.json", 7, 95, "`$ref` 'nowhere.json#/Thing': file not found"),
        ("refs.json", 12, 95, "`$ref` '../../outside.json#/Thing' leaves the project folder"),
        (
            "refs.json",
            17,
            95,
            "`$ref` 'https://schemas.example.test/thing.json' is remote: it is never fetched",
        ),
        ("refs.json", 22, 95, "`$ref` '#/components/schemas/Nope' names nothing"),
        ("refs.json", 27, 95, "`$ref` '#/components/schemas/A' is a loop of references"),
    ]
    hints = [p.hint for p in spec.problems[:4]]
    assert "relative to" in hints[0] and "inside the repository" in hints[1]
    assert "copy the file into the repository" in hints[2]
    assert "nothing at /components/schemas/Nope" in hints[3]
    assert spec.problems[0].format().startswith(spec.problems[0].pos.path + ":7:95: ")
    # the page still renders: the operations are there, their broken schemas shown as `any`
    assert len(spec.operations) == 5


def test_a_symlink_out_of_the_project_is_refused(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(BAD / "specs", root / "specs")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "thing.json").write_text('{"Thing": {"type": "string"}}')
    os.symlink(outside, root / "specs" / "linked")
    text = (
        (root / "specs" / "refs.json")
        .read_text()
        .replace("nowhere.json#/Thing", "linked/thing.json#/Thing")
    )
    (root / "specs" / "refs.json").write_text(text)
    spec = SpecIndex(root).load("specs/refs.json")
    assert spec.problems[0].message == "`$ref` 'linked/thing.json#/Thing' leaves the project folder"


def test_invalid_spec_one_error_per_cause_at_line_and_col():
    spec = SpecIndex(BAD).load("specs/invalid.json")
    got = [(p.pos.line, p.pos.col, p.message) for p in spec.problems]
    assert got == [
        (6, 7, "path parameter 'id' of GET /items/{id} is not defined"),
        (14, 96, "unknown type 'strng'"),  # the schema's complaint at the same spot is not repeated
        (13, 23, "security scheme 'nosuch' is not defined"),
        (7, 41, 'invalid spec: "body" is not one of "path", "query", "header", "cookie"'),
        (8, 23, 'invalid spec: "description" is a required property'),
    ]
    typo = spec.problems[4]
    assert "'descriptio' was unexpected" in typo.hint  # the same cause: one problem, not two
    assert typo.source_line.strip().startswith('"responses": {"200": {"descriptio"')


def test_syntax_errors_are_located():
    with pytest.raises(GuideError) as err:
        SpecIndex(BAD).load("specs/syntax.json")
    [p] = err.value.problems
    assert (p.pos.line, p.pos.col) == (5, 37) and p.message.startswith("invalid JSON")
    assert p.source_line[36] == "}"  # after the trailing comma
    with pytest.raises(GuideError) as err:
        SpecIndex(BAD).load("specs/syntax.yaml")
    [p] = err.value.problems
    assert p.pos.line == 8 and p.message.startswith("invalid YAML")


def test_a_document_that_is_not_a_spec():
    with pytest.raises(GuideError) as err:
        SpecIndex(BAD).load("specs/notes.json")
    assert err.value.problems[0].message == "not an OpenAPI document"
    assert "openapi: 3.x" in err.value.problems[0].hint


def test_a_spec_outside_the_project():
    with pytest.raises(GuideError) as err:
        SpecIndex(BAD).load("../outside.json")
    assert "outside the project folder" in err.value.problems[0].message
    assert (FIXTURES / "outside.json").is_file()

"""The look-alike table is Unicode's, regenerated here from the vendored Unicode files
(`tests/data/unicode/`): never edited by hand, its versions recorded."""

from __future__ import annotations

import unicodedata

import pytest

from renderer.brand import confusables, confusables_data

from .conftest import ROOT

DATA = ROOT / "tests/data/unicode"


def test_the_table_is_generated_from_the_recorded_unicode_files() -> None:
    assert confusables_data.UNICODE_VERSION == "17.0.0"
    assert confusables_data.IGNORABLE_VERSION == "17.0.0"
    if unicodedata.unidata_version != confusables_data.NAMES_VERSION:
        pytest.skip(f"generated with Unicode {confusables_data.NAMES_VERSION} names and NFKC")
    source = confusables.generate(
        DATA / "confusables-17.0.0.txt.gz",
        DATA / "DerivedCoreProperties-17.0.0-Default_Ignorable_Code_Point.txt",
    )
    namespace: dict = {}
    exec(compile(source, "confusables_data", "exec"), namespace)  # noqa: S102
    for name in (
        "UNICODE_VERSION",
        "CONFUSABLES_SHA256",
        "IGNORABLE_VERSION",
        "IGNORABLE_SHA256",
        "NAMES_VERSION",
        "FOLD",
        "IGNORABLE",
        "COMPAT",
        "LOOKALIKE_BMP",
    ):
        assert namespace[name] == getattr(confusables_data, name), name


def test_the_fold_reads_look_alikes_as_the_letters_they_imitate() -> None:
    fold = confusables.fold_map()
    assert len(fold) > 1500
    for disguise, letters in {
        "ꜱᴛᴀᴄᴋᴏɴᴇ": "stackone",  # small capitals (by their names)
        "ꓢꓳ": "SO",  # Lisu
        "ЅТАСКОΝЕ": "STACKONE",  # Cyrillic and Greek capitals
        "аеорсухкмтнвѕіјԁɡ": "aeopcyxkmthbsijdg",  # Cyrillic small letters
        "ΙΟι": "IOi",  # the case of the look-alike decides between I and l
        "\u0138": "k",  # kra: the prototype of small capital K
    }.items():
        assert disguise.translate(fold) == letters, disguise
    assert all(cp >= 0x80 for cp in fold)  # ASCII is never folded (0/O, 1/l, rn/m)
    assert "ε".translate(fold) == "ε"  # UTS #39 does not count it as an `e`


def test_invisible_code_points_are_unicodes() -> None:
    import re

    ignorable = re.compile(f"[{confusables_data.IGNORABLE}]")
    for c in "\u00ad\u034f\u061c\u200b\u200d\u2060\u2066\ufe0f\ufeff\U000e0041\U000e01ef":
        assert ignorable.match(c), hex(ord(c))
    assert not ignorable.match(" ") and not ignorable.match("a")


def test_parse_the_unicode_formats() -> None:
    assert confusables.parse_confusables(
        "\ufeff# header\n0430 ;\t0061 ;\tMA\t# ( а → a )\n\n2163 ;\t0049 0056 ;\tMA\t#\n"
    ) == {"а": "a", "Ⅳ": "IV"}
    assert confusables.parse_ignorable(
        "00AD ; Default_Ignorable_Code_Point # Cf\n200B..200F ; Default_Ignorable_Code_Point\n"
        "2010 ; Default_Ignorable_Code_Point\n0041 ; Math # x\n"
    ) == [(0xAD, 0xAD), (0x200B, 0x2010)]

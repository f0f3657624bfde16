"""No text a user sees calls the study chapter "the seed".

The content's source is "the chapter" for a user. This walks every text field of every
scenario, guide and the overview in the bundled library, and what ``explorer`` prints for
them, and fails on the word "seed" (any case, as a whole word: "seeds", "seed's", not
"proceeds").
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from pydantic import AfterValidator, BaseModel

from explorer.cli import main
from explorer.library.store import Library
from tests.conftest import BUNDLED_DB

SEED = re.compile(r"\bseed(?:s|ed|ing)?\b", re.IGNORECASE)


def _is_text(annotation: object) -> bool:
    """A str field holding prose (``Text``, ``Label``), not an identifier (``Key``, ``Slug``)."""
    metadata = getattr(annotation, "__metadata__", ())
    return typing.get_origin(annotation) is typing.Annotated and any(isinstance(m, AfterValidator) for m in metadata)


def _texts(value: object, annotation: object, where: str) -> Iterator[tuple[str, str]]:
    annotation = _unwrap(annotation)
    if isinstance(value, BaseModel):
        yield from user_texts(value, where)
    elif isinstance(value, str):
        if _is_text(annotation):
            yield where, value
    elif isinstance(value, list | dict):
        inner = _bare(annotation)
        args = typing.get_args(inner)
        item = args[-1] if args else None  # list[X] -> X; dict[K, V] -> V
        pairs = enumerate(value) if isinstance(value, list) else value.items()
        for key, element in pairs:
            yield from _texts(element, item, f"{where}[{key}]" if isinstance(value, list) else f"{where}.{key}")


def _bare(annotation: object) -> object:
    """``Annotated[X, ...]`` -> ``X``."""
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation


def _unwrap(annotation: object) -> object:
    """``X | None`` -> ``X``; anything else unchanged."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


def user_texts(model: BaseModel, where: str = "") -> Iterator[tuple[str, str]]:
    """Every prose string in a model, with the path of its field."""
    for name, info in type(model).model_fields.items():
        annotation = info.annotation if not info.metadata else typing.Annotated[info.annotation, *info.metadata]
        yield from _texts(getattr(model, name), annotation, f"{where}.{name}" if where else name)


def _seed_words(pairs: typing.Iterable[tuple[str, str]]) -> list[str]:
    return [f"{where}: {text[:120]!r}" for where, text in pairs if SEED.search(text)]


@pytest.fixture(scope="module")
def bundled():
    with Library(BUNDLED_DB) as library:
        scenarios = [library.get(s.id) for s in library.summaries()]
        overview = library.overview()
    return scenarios, overview


def test_the_walk_finds_the_prose_and_skips_identifiers(bundled):
    scenarios, _ = bundled
    dr = next(s for s in scenarios if s.id == "disaster-recovery")
    found = dict(user_texts(dr))
    assert found["title"] == dr.title
    assert found["requirements[0].text"] == dr.requirements[0].text
    assert "option_groups[0].options[0].metrics.rpo_minutes.basis" in found
    migration = dict(user_texts(next(s for s in scenarios if s.id == "large-data-migration")))
    assert any(key.startswith("option_groups[0].options[0].pros[") for key in migration)
    assert "nodes[0].note" in found
    assert "id" not in found and "nodes[0].id" not in found and "nodes[0].type" not in found
    assert len(found) > 150


def test_the_pattern_is_word_aware():
    for text in ("the seed's choice", "Seed rows", "SEEDS", "(seed)", "seeded"):
        assert SEED.search(text), text
    for text in ("proceeds", "linseed", "seedling", "succeed"):
        assert not SEED.search(text), text


def test_no_text_of_the_bundled_library_says_seed(bundled):
    scenarios, overview = bundled
    assert len(scenarios) == 20
    problems: list[str] = []
    for scenario in scenarios:
        problems += [f"{scenario.id}: {p}" for p in _seed_words(user_texts(scenario))]
    assert overview is not None
    problems += [f"overview: {p}" for p in _seed_words(user_texts(overview))]
    assert not problems, "\n".join(problems)


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--db", str(BUNDLED_DB)])
    assert result.exit_code == 0, result.output
    return result.output


def test_nothing_the_cli_prints_says_seed(bundled):
    scenarios, _ = bundled
    outputs = {"list": _cli("list"), "overview": _cli("overview"), "show --help": _cli("show", "--help")}
    for scenario in scenarios:
        outputs[f"show {scenario.id}"] = _cli("show", scenario.id)
        outputs[f"show {scenario.id} --json"] = _cli("show", scenario.id, "--json")
        for group in scenario.option_groups:
            for option in group.options:
                flag = f"{group.key}={option.key}"
                outputs[f"show {scenario.id} --option {flag}"] = _cli("show", scenario.id, "--option", flag)
        json.loads(outputs[f"show {scenario.id} --json"])
        node = scenario.nodes[0].id
        outputs[f"node {scenario.id} {node}"] = _cli("node", scenario.id, node)
    problems = [f"{command}: {SEED.search(text).group()!r}" for command, text in outputs.items() if SEED.search(text)]  # type: ignore[union-attr]
    assert not problems, "\n".join(problems)


def test_an_old_source_seed_still_loads_as_chapter():
    from explorer.domain.model import Requirement

    assert Requirement(key="r", text="t", source="seed").source == "chapter"  # type: ignore[arg-type]
    assert Requirement(key="r", text="t").source == "chapter"
    assert Requirement(key="r", text="t", source="solution").source == "solution"
    with pytest.raises(ValueError):
        Requirement(key="r", text="t", source="book")  # type: ignore[arg-type]

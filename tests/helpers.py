"""Helpers shared by the tests: small sources, one hostile text, a file digest, CLI checks."""

from __future__ import annotations

import hashlib
import io
import textwrap
from pathlib import Path

from click.testing import CliRunner, Result
from hypothesis import strategies as st
from PIL import Image

TINY = textwrap.dedent(
    """\
    id: tiny
    title: Tiny
    nodes:
      - id: web
        type: aws.compute.EC2
        label: Web server
      - id: db
        type: aws.database.RDS
        label: Database
        phase: 2
    edges:
      - source: web
        target: db
    phases:
      - title: Web
      - title: Data
    """
)

#: One line of text that breaks naive HTML, Graphviz, Qt mnemonics and bidi handling.
HOSTILE = 'R&D <b>not bold</b> "quoted" \\back\\slash {a|b} &amp; \\n 😀 שלום'


#: Printable text as people type it: no control characters, no surrogates, no private or
#: unassigned code points, and none of the characters YAML itself treats as line breaks.
PRINTABLE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() and "\x85" not in s)


def groups_scenario(groups: int, coupled: bool) -> str:
    """A source with ``groups`` two-option decisions; ``coupled`` adds a budget that ties them."""
    lines = [
        "id: many",
        "title: Many decisions",
        "nodes:",
        "  - {id: a, type: aws.compute.EC2, label: A}",
        "phases:",
        "  - title: One",
    ]
    if coupled:
        lines += [
            "requirements:",
            "  - {key: budget, text: Stay in budget, metric: monthly_usd, op: '<=', target: 100}",
        ]
    lines.append("option_groups:")
    for g in range(groups):
        lines += [f"  - key: g{g}", f"    label: Group {g}", "    options:"]
        for o, cost in (("cheap", 1 + g), ("dear", 10 + g)):
            lines += [
                f"      - key: {o}",
                f"        label: {o.title()}",
                "        metrics:",
                f"          monthly_usd: {cost}",
                f"          complexity: {1 if o == 'dear' else 2}",
            ]
    return "\n".join(lines) + "\n"


def png_image(data: bytes) -> Image.Image:
    """Opens PNG bytes as an image."""
    return Image.open(io.BytesIO(data))


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, to prove that a file was left alone."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def invoke(*args: object) -> Result:
    """Runs the ``explorer`` command line in-process."""
    from explorer.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def user_mistake(result: Result) -> str:
    """The result of a user's mistake: exit status 1, no exception escaped, and one line
    ``explorer: ...`` (CliRunner catches exceptions, so ``result.exception`` is what tells
    a traceback apart). Returns that line."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("explorer: "), result.output
    return lines[0]


def one_line_failure(*args: object) -> str:
    """Runs the command line and checks that it fails as a user's mistake should."""
    return user_mistake(invoke(*args))


def labelled_scenario(text: str):
    """Two nodes and an edge between them, the first node and the edge labelled ``text``."""
    from explorer.domain.model import Scenario

    return Scenario.model_validate(
        {
            "id": "t",
            "title": "t",
            "phases": [{"title": "p"}],
            "nodes": [
                {"id": "a", "type": "aws.compute.EC2", "label": text},
                {"id": "b", "type": "aws.database.RDS", "label": "B"},
            ],
            "edges": [{"source": "a", "target": "b", "label": text}],
        }
    )

"""Text from a library or the user, made safe to show on a terminal or in a widget.

Scenario titles, takeaways, file names and error messages can come from a library
somebody else made. Some characters in them are instructions, not text: an escape
sequence (``ESC ] 0 ; ... BEL`` sets a terminal's title, ``ESC [`` or the one-character
CSI U+009B moves the cursor, recolours or clears the screen), and the bidirectional
overrides and isolates reorder what follows, so that a line reads differently from what
it holds ("Trojan source", CVE-2021-42574).

:func:`printable` replaces each such character with a visible escape (``\\x1b``,
``\\u202e``) and leaves every other character alone, so titles in any script, emoji,
accents, quotes and ``<>{}|`` show as they are. :func:`printable_json` does the same
for text that ``json.dumps`` made, with JSON's own ``\\u`` escapes, so the output stays
valid JSON and decodes to the very same strings.

This module imports nothing from Qt: the command line and the GUI both use it.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE", "printable", "printable_json"]

#: What is replaced:
#:
#: - the C0 controls U+0000-U+001F except TAB (U+0009) and LF (U+000A); CR and
#:   backspace are replaced too, as they let a line overwrite what was shown before it;
#: - DEL (U+007F) and the C1 controls U+0080-U+009F (U+009B is a CSI on some terminals);
#: - the bidirectional embeddings and overrides U+202A-U+202E and the isolates
#:   U+2066-U+2069;
#: - lone surrogates U+D800-U+DFFF, which are not text at all (a file name that is not
#:   valid UTF-8 arrives with them) and cannot be encoded for a terminal.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str) -> str:
    r"""``text`` with every control and bidi override shown as an escape, the rest as is.

    >>> print(printable("Hi\x1b]0;owned\x07 caf\u00e9 \u202etxt.exe"))
    Hi\x1b]0;owned\x07 café \u202etxt.exe

    Line breaks (LF) and tabs are kept. The result is meant for reading: a backslash
    already in ``text`` is not doubled, so it cannot always be turned back.
    """
    return UNSAFE.sub(_visible, text)


def printable_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) safe for a terminal.

    ``ensure_ascii=False`` escapes the C0 controls but writes C1 controls, bidi overrides
    and lone surrogates as they are; here they become ``\\u`` escapes, which JSON allows
    in strings (the only place ``json.dumps`` puts such characters), so ``json.loads``
    gives back exactly the original data.
    """
    return UNSAFE.sub(_json_escape, text)

"""Re-exporting a scenario file whenever it changes (``explorer watch``), for
documentation pipelines: edit the YAML, and the PNG, SVG or PDF beside it follows.

The file is polled (its size, modification time and content digest), so it works on
every platform and on network drives; a change is exported once the file has stayed
the same for one poll (an editor that writes in two steps is not caught half-way). A
file with problems is reported, with the same messages as ``explorer validate``, and
the last good export is left as it is.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from explorer.library.files import write_atomic
from explorer.output.settings import ExportSettings

POLL_SECONDS = 0.5


@dataclass(frozen=True)
class WatchEvent:
    kind: str  # "wrote", "problems" or "missing"
    text: str  # what to print


def _fingerprint(path: Path) -> tuple[int, int, str] | None:
    try:
        stat = path.stat()
        data = path.read_bytes()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest()


def export_once(source: Path, output: Path, settings: ExportSettings, phase: int | None = None) -> WatchEvent:
    """Check ``source`` and, if it is a usable scenario, export it to ``output``."""
    from explorer.drawing.render import RenderError
    from explorer.library.problems import SourceError
    from explorer.library.source import load_scenario_text, validate_text
    from explorer.library.yaml_reader import read_source_text
    from explorer.output.export import ExportError, export_view

    try:
        text = read_source_text(source)
    except SourceError as err:
        return WatchEvent("problems", "\n".join(p.located() for p in err.problems))
    except OSError as err:
        return WatchEvent("missing", f"cannot read {source}: {err.strerror or err}")
    problems = validate_text(text, str(source))
    if problems:
        return WatchEvent("problems", "\n".join(p.located() for p in problems))
    scenario = load_scenario_text(text, str(source))
    try:
        done = export_view(scenario, None, phase, settings)
        write_atomic(output, done.data)
    except (RenderError, ExportError) as err:
        return WatchEvent("problems", f"{source}: {err}")
    except OSError as err:
        return WatchEvent("problems", f"cannot write {output}: {err.strerror or err}")
    return WatchEvent("wrote", f"wrote {output}")


def watch(
    source: Path,
    output: Path,
    settings: ExportSettings,
    on_event: Callable[[WatchEvent], None],
    stop: Callable[[], bool] = lambda: False,
    phase: int | None = None,
    poll: float = POLL_SECONDS,
) -> None:
    """Export now, then again after every change of ``source``, until ``stop()``."""
    last = _fingerprint(source)
    on_event(export_once(source, output, settings, phase))
    pending: tuple[int, int, str] | None = None
    while not stop():
        time.sleep(poll)
        now = _fingerprint(source)
        if now == last:
            pending = None
            continue
        if now != pending:  # changed since the last poll: wait until it settles
            pending = now
            continue
        last, pending = now, None
        on_event(
            export_once(source, output, settings, phase)
            if now is not None
            else WatchEvent("missing", f"{source} is gone; waiting for it to come back")
        )

"""The ``explorer`` command: the GUI with no arguments, or a scriptable command.

A thin face over the core: it parses arguments, calls the same functions as the GUI
and prints. A user's mistake gets one line on stderr and exit status 1 (2 for bad
usage), never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from explorer.domain.text import printable, printable_json
from explorer.library.bundled import BUNDLED_DB, SourcesMissing, checkout_db, checkout_sources
from explorer.library.files import write_atomic
from explorer.library.store import Library, LibraryError
from explorer.output.settings import (
    FORMATS,
    LAYOUTS,
    MAX_DPI,
    MIN_DPI,
    PRESETS,
    THEME_NAMES,
    ExportError,
    ExportSettings,
    format_for,
)

if TYPE_CHECKING:
    from explorer.library.folder import SourceFolder

F = TypeVar("F", bound=Callable[..., Any])

# The heavier core modules (pydantic models, diagrams, Pillow) are imported by the
# commands that need them, so `explorer` opens the GUI without loading them first.


class Failure(click.ClickException):
    """One clear line for the user, then exit status 1."""

    def show(self, file=None) -> None:
        _echo(f"explorer: {self.format_message()}", err=True)


def _echo(text: str, err: bool = False) -> None:
    """Print a line; everything the command prints goes through here (or ``_echo_json``),
    so a title or file name cannot carry terminal escapes or bidi overrides."""
    click.echo(printable(text), err=err)


def _echo_json(data: object) -> None:
    click.echo(printable_json(json.dumps(data, indent=2, ensure_ascii=False)))


@contextmanager
def _printable_errors() -> Iterator[None]:
    """Click's own messages can quote an argument (``Got unexpected extra argument (...)``)."""
    try:
        yield
    except click.ClickException as err:
        # click types ``message`` as Final, yet it is a plain attribute that ``show()``
        # reads later; rewriting it here is how every click message reaches the terminal escaped.
        err.message = printable(err.message)  # type: ignore[misc]
        raise


class _Group(click.Group):
    def make_context(self, *args, **kwargs) -> click.Context:
        with _printable_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        with _printable_errors():
            return super().invoke(ctx)


def _open(db: Path | None) -> Library:
    folder = _source_folder()
    name = str(folder.folder) if folder is not None and db == folder.cache else None
    try:
        return Library(db or BUNDLED_DB, name=name)
    except LibraryError as err:
        raise Failure(str(err)) from None


_SOURCES = "explorer.sources"  # ctx.meta key: the SourceFolder given by --sources


def _source_folder() -> SourceFolder | None:
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_SOURCES) if ctx is not None else None


def _sync_sources(path: Path) -> SourceFolder:
    """The folder given by --sources, its cache brought up to date; its files' problems
    are printed (a file with problems is used as it last was valid, or left out)."""
    from explorer.library.folder import SourceFolder

    try:
        folder = SourceFolder(path)
        result = folder.sync()
    except LibraryError as err:
        raise Failure(str(err)) from None
    except OSError as err:
        raise Failure(f"cannot keep the cache of {path}: {err.strerror or err}") from None
    for problem in result.problems:
        _echo(problem.located(), err=True)
    if result.problems:
        files = len({p.file for p in result.problems})
        _echo(
            f"explorer: {files} file(s) in {folder.folder} have problems; each is used as it last was valid, "
            "or left out until fixed",
            err=True,
        )
    return folder


def _parse_options(values: tuple[str, ...]) -> dict[str, str]:
    selection: dict[str, str] = {}
    for value in values:
        group, sep, option = value.partition("=")
        if not sep or not group or not option:
            raise click.BadParameter(f"{value!r} is not GROUP=OPTION", param_hint="--option")
        selection[group.strip()] = option.strip()
    return selection


@contextmanager
def _looking_up(library: Library, ident: str) -> Iterator[None]:
    """A scenario ID the library cannot look up is one line, whatever it is made of
    (a number too big for SQLite, a superscript or non-ASCII digit, ...)."""
    try:
        yield
    except LibraryError as err:
        raise Failure(str(err)) from None
    except (OverflowError, ValueError):
        shown = ident if len(ident) <= 40 else ident[:40] + "…"
        raise Failure(f"no scenario {shown!r} in {library.path}. 'explorer list' shows the ids.") from None


def _view_args(library: Library, ident: str, options: tuple[str, ...], phase: int | None):
    from explorer.domain.tradeoffs import SelectionError, complete_selection

    with _looking_up(library, ident):
        scenario = library.get(ident)
    from explorer.domain.constraints import adapt, violations

    try:
        asked = _parse_options(options)
        selection = complete_selection(scenario, asked)
    except SelectionError as err:
        raise Failure(str(err)) from None
    # Groups left out follow the options given (a VPN brings no second Direct Connect);
    # options given that do not fit together are refused.
    selection = adapt(scenario, selection, set(asked), complete_selection(scenario))
    broken = violations(scenario, selection)
    if broken:
        raise Failure(f"these options do not fit together: {broken[0]}; choose another --option")
    count = len(scenario.phases_for(selection))
    if phase is not None and not 1 <= phase <= count:
        raise Failure(f"{scenario.id} has phases 1 to {count}; --phase {phase} is out of range")
    return scenario, selection


def _display_problem() -> str | None:
    """Why the GUI cannot open a window here (Linux without a display), or None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Run it from a desktop session, use the command line (explorer --help), "
        "or set QT_QPA_PLATFORM=offscreen for a window without a screen."
    )


option_flag = click.option(
    "--option",
    "options",
    multiple=True,
    metavar="GROUP=OPTION",
    help="Choose an option in a group (repeatable). Other groups keep their default.",
)
phase_flag = click.option(
    "--phase", type=int, default=None, metavar="N", help="Show the design as it stands after phase N (from 1)."
)
param_flag = click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="What-if: set a scenario parameter (repeatable); durations take units such as 90s, 5m, 4h, 2d.",
)


def _params(scenario, items: tuple[str, ...]) -> dict[str, float]:
    from explorer.domain.params import ParameterError, parse_params

    try:
        return parse_params(scenario, items)
    except ParameterError as err:
        raise Failure(str(err)) from None


def _export_settings(
    fmt, preset, width, height, dpi, transparent, title, caption, legend, **drawing: str | None
) -> ExportSettings:
    try:
        if preset and (width or height):
            raise ExportError("give either --preset or --width/--height, not both")
        if preset:
            width, height = PRESETS[preset]
        given = {k: v for k, v in drawing.items() if v is not None}
        return ExportSettings(fmt, width, height, dpi, transparent, title, caption, legend, **given).validated()
    except ExportError as err:
        raise Failure(str(err)) from None


def _renderer_ready() -> None:
    """Stop at once, in one line, on what would fail every render (a bad
    SCENARIO_EXPLORER_DOT_TIMEOUT, no Graphviz) rather than once per view."""
    from explorer.drawing.render import RenderError, dot_timeout, find_dot

    try:
        dot_timeout()
        find_dot()
    except RenderError as err:
        raise Failure(str(err)) from None


DB_HELP = (
    "Scenario library (.db file) to use instead of the bundled scenarios.db. "
    "May also come before the command; given here, it wins."
)
IMPORT_DB_HELP = (
    "Your library to add the scenario to; created as a copy of the bundled library if it "
    "does not exist. May also come before the command; given here, it wins."
)
_DB_PATH = click.Path(path_type=Path, dir_okay=False)


def _db_or_global(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """The command's own ``--db``, or else the one given before the command (``ctx.obj``)."""
    return value if value is not None else ctx.obj


def library_option(help_text: str = DB_HELP) -> Callable[[F], F]:
    """``--db PATH`` on a command; the command gets the library path as ``db``.

    ``explorer COMMAND --db PATH`` and ``explorer --db PATH COMMAND`` both work; the
    command's own ``--db`` wins when both are given. Replaces ``click.pass_obj``.
    """
    return click.option("--db", type=_DB_PATH, default=None, metavar="PATH", help=help_text, callback=_db_or_global)


def size_flags(function):
    for flag in reversed(
        [
            click.option(
                "--preset",
                type=click.Choice(list(PRESETS)),
                default=None,
                help="Frame size: 1080p (1920x1080), 4k (3840x2160), 4:3 (1600x1200), xga (1024x768).",
            ),
            click.option(
                "--width",
                type=int,
                default=None,
                help="Width in pixels (PNG, SVG; PDF at 144 per inch); the picture is fitted and centred.",
            ),
            click.option("--height", type=int, default=None, help="Height in pixels (PNG, SVG, PDF)."),
            click.option("--dpi", type=int, default=None, help=f"PNG resolution ({MIN_DPI}-{MAX_DPI})."),
            click.option("--transparent", is_flag=True, help="Transparent background instead of white."),
            click.option("--title", is_flag=True, help="Add the scenario's title."),
            click.option("--caption", is_flag=True, help="Add the selected options (and phase)."),
            click.option("--legend", is_flag=True, help="Explain the highlight colours."),
        ]
    ):
        function = flag(function)
    return function


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=_DB_PATH,
    default=None,
    metavar="PATH",
    help=(
        "Scenario library (.db file) to use instead of the bundled scenarios.db. "
        "The commands that use a library take --db too."
    ),
)
@click.option(
    "--sources",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="DIR",
    help=(
        "A folder of scenario YAML files to use as the library: read into a cache and brought up "
        "to date with the files each time (the app also watches them). Not with --db."
    ),
)
@click.version_option(package_name="scenario-explorer")
@click.pass_context
def main(ctx: click.Context, db: Path | None, sources: Path | None) -> None:
    """Scenario Explorer: AWS architecture scenarios, their build phases and trade-offs.

    With no command, opens the desktop app.
    """
    ctx.obj = db
    if sources is not None:
        if db is not None:
            raise Failure("give --db (a library file) or --sources (a folder of YAML files), not both")
        if ctx.invoked_subcommand == "build":
            ctx.meta[_BUILD_SOURCES] = sources
        elif ctx.invoked_subcommand not in (None, "gui"):  # the app reads the folder itself
            folder = _sync_sources(sources)
            ctx.meta[_SOURCES] = folder
            ctx.obj = folder.cache
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui, db=db, sources=sources)  # ctx.invoke fills in defaults only: no option callbacks run


_BUILD_SOURCES = "explorer.build-sources"


@main.command()
@library_option()
@click.option(
    "--sources",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="DIR",
    help="Open a folder of scenario YAML files as the library, and watch it. Not with --db.",
)
@click.pass_context
def gui(ctx: click.Context, db: Path | None, sources: Path | None) -> None:
    """Open the desktop app (the default when no command is given)."""
    parent = ctx.parent.params if ctx.parent is not None else {}
    sources = sources or parent.get("sources")
    if sources is not None and db is not None:
        raise Failure("give --db (a library file) or --sources (a folder of YAML files), not both")
    if sources is not None and not sources.is_dir():
        raise Failure(f"{sources} is not a folder; give a folder of scenario .yaml files")
    problem = _display_problem()
    if problem:
        raise Failure(problem)
    from .ui.app import run  # Qt is imported only when the GUI is wanted.

    sys.exit(run(db, sources=sources))


@main.command("list")
@click.option(
    "--search",
    default="",
    help="Only scenarios that match every word (case, accents and punctuation ignored, each word a prefix), "
    "best matches first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@library_option()
def list_command(db: Path | None, search: str, as_json: bool) -> None:
    """List the scenarios and troubleshooting guides."""
    with _open(db) as library:
        try:
            items = library.summaries(search)
        except LibraryError as err:
            raise Failure(str(err)) from None
    if as_json:
        _echo_json([item.as_json() for item in items])
        return
    for item in items:
        number = f"{item.number:>2}" if item.number is not None else " -"
        _echo(f"{number}  {item.id:<28} {item.title}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {title, intro, takeaways: [{text, scenarios}]}.")
@library_option()
def overview(db: Path | None, as_json: bool) -> None:
    """Show the key takeaways and the scenarios each one sums up."""
    with _open(db) as library:
        try:
            home = library.overview()
            titles = {s.id: s.title for s in library.summaries()}
        except LibraryError as err:
            raise Failure(str(err)) from None
    if home is None:
        raise Failure("this library has no overview")
    if as_json:
        _echo_json(home.model_dump())
        return
    _echo(home.title)
    for number, takeaway in enumerate(home.takeaways, start=1):
        _echo(f"{number:>2}. {takeaway.text}")
        links = ", ".join(f"{sid} ({titles.get(sid, '?')})" for sid in takeaway.scenarios)
        _echo(f"    see: {links}")


@main.command()
@click.argument("ident", metavar="ID")
@option_flag
@phase_flag
@param_flag
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see the README for its keys).")
@library_option()
def show(
    db: Path | None, ident: str, options: tuple[str, ...], phase: int | None, params: tuple[str, ...], as_json: bool
) -> None:
    """Show a scenario's decisions, trade-offs and requirement checks.

    ID is the scenario's slug or its number in the chapter.
    """
    from explorer.output.report import format_report, scenario_report

    with _open(db) as library:
        scenario, selection = _view_args(library, ident, options, phase)
    report = scenario_report(scenario, selection, phase, _params(scenario, params))
    if as_json:
        _echo_json(report)
    else:
        _echo(format_report(report))


@main.command()
@click.argument("ident", metavar="ID")
@click.argument("param_key", metavar="PARAM")
@click.option("--from", "low", metavar="VALUE", default=None, help="Start of the range (with a unit: 5m, 2d, 10TB).")
@click.option("--to", "high", metavar="VALUE", default=None, help="End of the range (default: the parameter's range).")
@param_flag
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {param, unit, from, to, segments, tipping_points}.")
@library_option()
def sweep(
    db: Path | None,
    ident: str,
    param_key: str,
    low: str | None,
    high: str | None,
    params: tuple[str, ...],
    as_json: bool,
) -> None:
    """Show the recommendation over a parameter's range, with the values where it changes.

    PARAM is one of the scenario's what-if parameters (see `explorer show ID`); other
    parameters can be set with --param.
    """
    from explorer.domain.params import ParameterError, parse_value
    from explorer.domain.sweep import describe
    from explorer.domain.sweep import sweep as run_sweep

    with _open(db) as library:
        scenario, _ = _view_args(library, ident, (), None)
    parameter = next((p for p in scenario.parameters if p.key == param_key), None)
    if parameter is None:
        known = ", ".join(p.key for p in scenario.parameters) or "none"
        raise Failure(f"{scenario.id} has no parameter {param_key!r}; its parameters: {known}")
    if scenario.kind != "scenario" or not scenario.option_groups:
        raise Failure(f"{scenario.id} has no decisions for a parameter to change")
    others = _params(scenario, params)
    try:
        bounds = [None if v is None else parse_value(parameter, v) for v in (low, high)]
        result = run_sweep(scenario, param_key, others, bounds[0], bounds[1])
    except (ParameterError, ValueError) as err:
        raise Failure(str(err)) from None
    if as_json:
        _echo_json(
            {
                "param": param_key,
                "unit": parameter.unit,
                "from": result.low,
                "to": result.high,
                "segments": [{"from": g.low, "to": g.high, "recommendation": g.selection} for g in result.segments],
                "tipping_points": [t.as_json() for t in result.points],
            }
        )
        return
    _echo(
        f"{scenario.title}: the recommendation as {parameter.label.lower()} goes from {result.low:g} to {result.high:g} {parameter.unit}"
    )
    for line in describe(scenario, result):
        _echo(f"  {line}")


@main.command()
@click.argument("ident", metavar="ID")
@click.argument("node_id", metavar="NODE")
@option_flag
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see the README for its keys).")
@library_option()
def node(db: Path | None, ident: str, node_id: str, options: tuple[str, ...], as_json: bool) -> None:
    """What one node of a scenario is: what the window's details pane shows when it is clicked.

    NODE is the node's id (``explorer show ID --json`` and the window's tooltips name them).
    """
    from explorer.domain.node_info import UnknownNode, node_details

    with _open(db) as library:
        scenario, selection = _view_args(library, ident, options, None)
    try:
        details = node_details(scenario, node_id, selection)
    except UnknownNode as err:
        raise Failure(str(err)) from None
    if as_json:
        _echo_json(details.as_json())
    else:
        _echo(details.as_text())


def drawing_flags(function):
    for flag in reversed(
        [
            click.option(
                "--layout",
                type=click.Choice(LAYOUTS),
                default=None,
                help="stable (default): every node where the window and every other view put it; "
                "compact: this view laid out on its own, tightly.",
            ),
            click.option(
                "--theme", type=click.Choice(THEME_NAMES), default=None, help="light (default) or dark colours."
            ),
            click.option(
                "--cluster",
                metavar="NAME",
                default=None,
                help="Export one region, account or VPC (a cluster's id or title), with its neighbours as faded stubs.",
            ),
        ]
    ):
        function = flag(function)
    return function


@main.command()
@click.argument("ident", metavar="[ID]", required=False)
@option_flag
@phase_flag
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="File to write (with --all: a folder)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="png, svg, pdf, dot, py, drawio (an editable draw.io file) or html (one self-contained interactive "
    "page of the whole scenario); by default taken from the file's extension (png with --all).",
)
@size_flags
@drawing_flags
@click.option(
    "--all", "export_all", is_flag=True, help="Export every view of every scenario into the folder -o, with a manifest."
)
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel renders for --all (default: one per core)."
)
@click.option("--deck", "with_decks", is_flag=True, help="With --all: also a slide deck per scenario (ID.pptx).")
@library_option()
def export(
    db: Path | None,
    ident: str | None,
    options: tuple[str, ...],
    phase: int | None,
    output: Path,
    fmt: str | None,
    preset: str | None,
    width: int | None,
    height: int | None,
    dpi: int | None,
    transparent: bool,
    title: bool,
    caption: bool,
    legend: bool,
    layout: str | None,
    theme: str | None,
    cluster: str | None,
    export_all: bool,
    jobs: int | None,
    with_decks: bool,
) -> None:
    """Export a diagram as PNG, SVG, PDF, DOT, a diagrams Python script or a draw.io file,
    or the whole scenario as one self-contained HTML page (its options, phases and trade-offs live).

    ID is the scenario's slug or number. With --all, every view of every scenario
    (or of ID only, if given) goes into the folder -o, with manifest.csv and index.html.
    """
    try:
        chosen = fmt or ("png" if export_all else format_for(output))
    except ExportError as err:
        raise Failure(str(err)) from None
    settings = _export_settings(
        chosen,
        preset,
        width,
        height,
        dpi,
        transparent,
        title,
        caption,
        legend,
        layout=layout,
        theme=theme,
        cluster=cluster,
    )
    if export_all and cluster:
        raise Failure("--cluster exports one view; leave it out with --all")
    if with_decks and not export_all:
        raise Failure("--deck goes with --all; for one scenario use: explorer deck ID -o FILE.pptx")
    if export_all and settings.fmt == "html":
        raise Failure("an HTML page already holds every view of a scenario; export it without --all")
    if export_all:
        _export_all(db, ident, output, settings, jobs, with_decks)
        return
    if ident is None:
        raise click.UsageError("give a scenario ID, or --all")
    from explorer.drawing.render import RenderError
    from explorer.output.export import write_export

    with _open(db) as library:
        scenario, selection = _view_args(library, ident, options, phase)
    try:
        note = write_export(output, scenario, selection, phase, settings)
    except (RenderError, ExportError) as err:  # ExportError: a picture too big to draw, an unknown cluster
        raise Failure(str(err)) from None
    except OSError as err:
        raise Failure(f"cannot write {output}: {err.strerror or err}") from None
    _echo(f"wrote {output}")
    if note:
        _echo(note, err=True)


def _export_all(
    db: Path | None, ident: str | None, folder: Path, settings: ExportSettings, jobs: int | None, decks: bool = False
) -> None:
    from explorer.drawing.render import RenderError
    from explorer.output.batch import plan_batch, run_batch

    with _open(db) as library:
        if ident:
            with _looking_up(library, ident):
                ids = [library.resolve_id(ident)]
        try:
            if not ident:
                ids = [s.id for s in library.summaries()]
            scenarios = [library.get(i) for i in ids]
        except LibraryError as err:
            raise Failure(str(err)) from None
    items = plan_batch(scenarios)
    if settings.needs_graphviz:
        _renderer_ready()
    try:
        if sys.stderr.isatty():
            with click.progressbar(length=len(items), label=f"Exporting {len(items)} views", file=sys.stderr) as bar:
                results = run_batch(
                    items,
                    folder,
                    settings,
                    jobs,
                    progress=lambda done, _total: bar.update(done - bar.pos),
                    make_folder=True,
                )
        else:
            results = run_batch(items, folder, settings, jobs, make_folder=True)
    except RenderError as err:
        raise Failure(str(err)) from None
    except OSError as err:
        raise Failure(f"cannot write into {folder}: {err.strerror or err}") from None
    failed = [r for r in results if r.error]
    for r in failed[:20]:
        _echo(f"{r.item.filename(settings.fmt)}: {r.error}", err=True)
    if failed:
        raise Failure(f"{len(failed)} of {len(items)} views failed; the others are in {folder}")
    written = 0
    if decks:
        from explorer.output.deck import DeckError, write_deck

        for scenario in scenarios:
            try:
                write_deck(folder / f"{scenario.id}.pptx", scenario)
            except (RenderError, DeckError) as err:
                raise Failure(f"{scenario.id}.pptx: {err}") from None
            except OSError as err:
                raise Failure(f"cannot write into {folder}: {err.strerror or err}") from None
            written += 1
    decks_note = f" and {written} slide decks" if decks else ""
    _echo(f"wrote {len(results)} files, manifest.csv and index.html{decks_note} to {folder}")


@main.command()
@click.argument("ident", metavar="ID")
@option_flag
@param_flag
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A .pptx whose masters and layouts the deck uses (its own slides are left out).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .pptx file to write.")
@library_option()
def deck(
    db: Path | None, ident: str, options: tuple[str, ...], params: tuple[str, ...], template: Path | None, output: Path
) -> None:
    """Write a design-review slide deck (.pptx) of a scenario.

    Title, situation and requirements, one slide per phase built up on the stable
    layout, each decision's options compared, the costs, the tipping points and the
    pitfalls; speaker notes carry the steps and the explanations.
    """
    from explorer.drawing.render import RenderError
    from explorer.output.deck import DeckError, DeckSettings, write_deck

    if template is not None and not template.is_file():
        raise Failure(f"no template file {template}; give an existing .pptx with --template")
    with _open(db) as library:
        scenario, selection = _view_args(library, ident, options, None)
    values = _params(scenario, params)
    _renderer_ready()
    try:
        write_deck(output, scenario, selection, values, DeckSettings(template=template))
    except (RenderError, DeckError, ExportError) as err:
        raise Failure(str(err)) from None
    except OSError as err:
        raise Failure(f"cannot write {output}: {err.strerror or err}") from None
    _echo(f"wrote {output}")


@main.command()
@click.argument("ident", metavar="ID")
@click.option(
    "--left",
    "left",
    multiple=True,
    metavar="GROUP=OPTION",
    help="Design A: an option per group (repeatable; others default).",
)
@click.option("--right", "right", multiple=True, metavar="GROUP=OPTION", help="Design B, compared with A.")
@phase_flag
@param_flag
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write both diagrams side by side as one PNG.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@size_flags
@library_option()
def compare(
    db: Path | None,
    ident: str,
    left: tuple[str, ...],
    right: tuple[str, ...],
    phase: int | None,
    params: tuple[str, ...],
    output: Path | None,
    as_json: bool,
    preset,
    width,
    height,
    dpi,
    transparent,
    title,
    caption,
    legend,
) -> None:
    """Compare two designs of a scenario: metrics, requirements and what the diagram gains or loses."""
    from explorer.domain.compare import compare as compare_designs
    from explorer.drawing.render import RenderError
    from explorer.output.comparison import comparison_report, format_comparison, write_comparison_png

    with _open(db) as library:
        scenario, left_sel = _view_args(library, ident, left, phase)
        _, right_sel = _view_args(library, ident, right, phase)
    values = _params(scenario, params)
    result = compare_designs(scenario, left_sel, right_sel, phase, values)
    report = comparison_report(result)
    if output is not None:
        if output.suffix.lower() != ".png":
            raise Failure(f"{output}: a comparison is exported as .png")
        settings = _export_settings("png", preset, width, height, dpi, transparent, title, caption, legend)
        _renderer_ready()
        try:
            write_comparison_png(output, result, settings)
        except RenderError as err:
            raise Failure(str(err)) from None
        except OSError as err:
            raise Failure(f"cannot write {output}: {err.strerror or err}") from None
    if as_json:
        _echo_json(report)
    else:
        _echo(format_comparison(report))
        if output is not None:
            _echo(f"wrote {output}")


@main.command()
@click.argument("ident", metavar="ID")
@click.argument("group", metavar="GROUP")
@param_flag
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, help="PNG file to write."
)
@click.option(
    "--dpi", type=click.IntRange(MIN_DPI, MAX_DPI), default=150, show_default=True, help="Resolution of the chart."
)
@library_option()
def chart(db: Path | None, ident: str, group: str, params: tuple[str, ...], output: Path, dpi: int) -> None:
    """Chart an option group's options against the requirement targets, as a PNG."""
    from explorer.output.charts import write_group_chart_png

    with _open(db) as library:
        scenario, selection = _view_args(library, ident, (), None)
    if group not in {g.key for g in scenario.option_groups}:
        known = ", ".join(g.key for g in scenario.option_groups) or "none"
        raise Failure(f"scenario {scenario.id!r} has no option group {group!r} (groups: {known})")
    try:
        write_group_chart_png(output, scenario, group, _params(scenario, params), selection.get(group), dpi=dpi)
    except OSError as err:
        raise Failure(f"cannot write {output}: {err.strerror or err}") from None
    _echo(f"wrote {output}")


@main.command()
@click.argument("ident", metavar="ID")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, help="YAML file to write."
)
@library_option()
def dump(db: Path | None, ident: str, output: Path) -> None:
    """Write a scenario's YAML source, exactly as it was imported or built."""
    with _open(db) as library, _looking_up(library, ident):
        text = library.source_yaml(ident)
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as err:
        raise Failure(f"cannot write {output}: {err.strerror or err}") from None
    _echo(f"wrote {output}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write here instead of printing.")
def schema(output: Path | None) -> None:
    """Print (or write) the scenario format as JSON Schema, for editors and CI."""
    from explorer.library.format import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as err:
        raise Failure(f"cannot write {output}: {err.strerror or err}") from None
    _echo(f"wrote {output}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {file, line, column, field, message}.")
def validate(files: tuple[Path, ...], as_json: bool) -> None:
    """Check scenario files without importing them: one file:line:column: field: reason line per problem.

    Exit status 1 if any file has a problem.
    """
    from explorer.library.problems import Problem, SourceError
    from explorer.library.source import validate_text
    from explorer.library.yaml_reader import read_source_text

    found: list[Problem] = []
    for path in files:
        try:
            text = read_source_text(path)
        except SourceError as err:
            found += err.problems
            continue
        except OSError as err:
            found.append(Problem(str(path), None, "", f"cannot read it: {err.strerror or err}"))
            continue
        found += validate_text(text, str(path))
    if as_json:
        _echo_json([p.as_json() for p in found])
    else:
        for problem in found:
            _echo(problem.located())
        if not found:
            _echo(f"ok: {len(files)} file(s) without problems")
    if found:
        sys.exit(1)


@main.command()
@click.argument("slug")
@click.option("--from", "source", metavar="ID", default=None, help="Copy this scenario under the new id.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File to write (SLUG.yaml).")
@library_option()
def new(db: Path | None, slug: str, source: str | None, output: Path | None) -> None:
    """Start a scenario file: a small commented template, or a copy of scenario ID.

    The file starts with a yaml-language-server line pointing at scenario.schema.json
    (write it with: explorer schema -o scenario.schema.json).
    """

    from pydantic import TypeAdapter, ValidationError

    from explorer.domain.model import Slug
    from explorer.library.format import copy_source, new_scenario_text
    from explorer.library.source import validate_text

    try:
        TypeAdapter(Slug).validate_python(slug)
    except ValidationError:
        raise Failure(
            f"{slug!r} cannot be an id: use lower-case letters, digits and hyphens, such as my-design"
        ) from None
    output = output or Path(f"{slug}.yaml")
    if output.exists():
        raise Failure(f"{output} already exists; give another -o or remove it first")
    if source is None:
        text = new_scenario_text(slug, output.name)
    else:
        with _open(db) as library, _looking_up(library, source):
            original = library.source_yaml(source)
        copied = copy_source(original, slug)
        if copied is None:
            raise Failure(f"scenario {source!r} has no top-level id line to replace; dump it and edit the id")
        text = copied
    problems = validate_text(text, str(output))
    if problems:  # the template and a copy of a stored scenario are valid: this is a bug
        raise Failure(f"the new file would not validate: {problems[0].located()}")
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as err:
        raise Failure(f"cannot write {output}: {err.strerror or err}") from None
    _echo(f"wrote {output}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@phase_flag
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="PNG, SVG or PDF to keep up to date."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="By default taken from -o's extension.")
@size_flags
@drawing_flags
def watch(
    source: Path,
    phase: int | None,
    output: Path,
    fmt: str | None,
    preset: str | None,
    width: int | None,
    height: int | None,
    dpi: int | None,
    transparent: bool,
    title: bool,
    caption: bool,
    legend: bool,
    layout: str | None,
    theme: str | None,
    cluster: str | None,
) -> None:
    """Export SOURCE (a scenario YAML file) to -o now and again whenever it changes (Ctrl+C stops)."""
    from explorer.output.watch import watch as keep_watching

    try:
        chosen = fmt or format_for(output)
    except ExportError as err:
        raise Failure(str(err)) from None
    if chosen == "html":
        raise Failure("watch keeps a picture up to date; give -o a .png, .svg or .pdf")
    settings = _export_settings(
        chosen,
        preset,
        width,
        height,
        dpi,
        transparent,
        title,
        caption,
        legend,
        layout=layout,
        theme=theme,
        cluster=cluster,
    )
    if settings.needs_graphviz:
        _renderer_ready()
    _echo(f"watching {source}; Ctrl+C stops")
    try:
        keep_watching(source, output, settings, lambda event: _echo(event.text, err=event.kind != "wrote"), phase=phase)
    except KeyboardInterrupt:
        _echo("stopped")


@main.command("import")
@click.argument("source", metavar="FILE.yaml", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--replace", is_flag=True, help="Overwrite a scenario that has the same id.")
@library_option(IMPORT_DB_HELP)
def import_command(db: Path | None, source: Path, replace: bool) -> None:
    """Validate a scenario file and add it to the library named by --db.

    The bundled library is never changed: name your own with --db. If that file does
    not exist yet, it is created as a copy of the bundled library. The import is one
    transaction; on any error the database is unchanged.
    """
    from explorer.library.problems import SourceError
    from explorer.library.writer import import_scenario
    from explorer.library.yaml_reader import read_source_text

    folder = _source_folder()
    if folder is not None and db == folder.cache:
        _import_into_folder(folder, source, replace)
        return
    if db is None or db.resolve() == BUNDLED_DB.resolve():
        raise Failure(
            "the bundled library is read-only; name your own library with --db PATH (it is created if missing)"
        )
    created = not db.exists()
    try:
        text = read_source_text(source)  # bounded: regular files up to the size limit only
    except SourceError as err:  # missing, unreadable, not a file, too large, not UTF-8
        raise Failure("; ".join(str(p) for p in err.problems)) from None
    try:
        scenario = import_scenario(db, text, str(source), replace=replace, template=BUNDLED_DB)
    except SourceError as err:
        for problem in err.problems:
            _echo(str(problem), err=True)
        outcome = "nothing was created" if created else f"{db} is unchanged"
        raise Failure(f"{len(err.problems)} problem(s) in {source}; {outcome}") from None
    except LibraryError as err:
        raise Failure(str(err)) from None
    if created:
        _echo(f"created {db} from the bundled library")
    _echo(f"imported {scenario.id!r} into {db}")


def _import_into_folder(folder: SourceFolder, source: Path, replace: bool) -> None:
    """``explorer --sources DIR import FILE``: the file is checked and copied into the folder."""
    from explorer.library.folder import ScenarioTaken
    from explorer.library.problems import SourceError
    from explorer.library.yaml_reader import read_source_text

    try:
        text = read_source_text(source)
        path, scenario = folder.add(text, source.name, replace=replace)
    except ScenarioTaken as err:
        raise Failure(f"{err}; add --replace to overwrite it") from None
    except SourceError as err:
        for problem in err.problems:
            _echo(str(problem), err=True)
        raise Failure(f"{len(err.problems)} problem(s) in {source}; no file in {folder.folder} was changed") from None
    except LibraryError as err:
        raise Failure(str(err)) from None
    try:
        folder.sync()
    except LibraryError as err:
        raise Failure(str(err)) from None
    _echo(f"imported {scenario.id!r} into {folder.folder} as {path.name}")


@main.command()
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Parallel renders (default: one per core).")
@library_option()
def check(db: Path | None, jobs: int | None) -> None:
    """Validate the whole library, render every view of every scenario, and check that no
    label collides with another, an icon, an edge or a border in any scenario's layout."""
    from explorer.drawing.render import RenderError
    from explorer.output.check import check_library

    _renderer_ready()
    with _open(db) as library:
        try:
            if sys.stderr.isatty():
                with click.progressbar(length=1, label="Rendering every view and layout", file=sys.stderr) as bar:

                    def progress(done: int, total: int) -> None:
                        bar.length = total
                        bar.update(done - bar.pos)

                    report = check_library(library, jobs=jobs, progress=progress)
            else:
                report = check_library(library, jobs=jobs)
        except (RenderError, LibraryError) as err:
            raise Failure(str(err)) from None
    for problem in report.problems:
        _echo(problem)
    if not report.ok:
        raise Failure(f"{len(report.problems)} problem(s) in {library.path}")
    _echo(
        f"ok: {report.scenarios} scenarios and guides, {report.views} views rendered, "
        f"{report.layouts} layouts without overlaps"
    )


@main.command()
@click.option(
    "--sources",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of scenario YAML files (default: assets/scenarios of the source checkout).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Database to write (default: the bundled scenarios.db).",
)
@click.pass_context
def build(ctx: click.Context, sources: Path | None, output: Path | None) -> None:
    """Rebuild a scenario database from YAML sources."""
    from explorer.library.problems import SourceError
    from explorer.library.writer import build_library

    if ctx.obj is not None and output is None:
        raise Failure(
            "build writes the database named by -o (default: the bundled scenarios.db), not --db; use -o PATH"
        )
    given = ctx.parent.meta.get(_BUILD_SOURCES) if ctx.parent is not None else None
    if given is not None and output is None:
        raise Failure(
            "explorer --sources DIR build needs -o PATH: the bundled scenarios.db is built from its own sources"
        )
    try:
        sources = sources or given or checkout_sources()
        target = output or checkout_db()
    except SourcesMissing as err:
        raise Failure(str(err)) from None
    try:
        count = build_library(sources, target)
    except SourceError as err:
        for problem in err.problems:
            _echo(str(problem), err=True)
        raise Failure(f"{len(err.problems)} problem(s); nothing was written") from None
    except OSError as err:
        raise Failure(f"cannot write {target}: {err.strerror or err}") from None
    _echo(f"built {target} from {count} scenario file(s)")

"""``pip install .`` (not editable) gives a working ``explorer``.

Builds the sdist from a copy of the checkout, the wheel from that sdist (so the sdist is
shown to hold all a wheel needs), installs the wheel into a fresh virtual environment
and runs the installed ``explorer`` from a folder outside the checkout. Everything is
offline: the build uses this environment's setuptools (``--no-build-isolation``), the
install uses ``--no-index``, and the fresh environment sees this one's dependencies
through a ``.pth`` file (the new environment's own site-packages, which holds the
installed package, comes first on ``sys.path``). Nothing is written in the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_DB, ROOT, SOURCES

# What a build reads from the checkout (MANIFEST.in names what the sdist adds to the modules).
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "scenarios.db", "explorer", "assets")
PACKAGED_DB = "explorer/library/data/scenarios.db"
MIN_SETUPTOOLS = (77,)  # pyproject's license = "MIT" (an SPDX expression) needs 77 or later
JUNK = shutil.ignore_patterns("__pycache__", "*.py[cod]", "*.egg-info", "build", "dist", "*.part")
TIMEOUT = 180


def _cannot_build(reason: str) -> None:
    """Skip, saying why; CI sets up its own environment, so there it is a failure."""
    message = f"cannot build the wheel here: {reason} (`pip install -e '.[test]'` brings what is needed)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(c for c in piece if c.isdigit()) if piece[:1].isdigit() else ""
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def _check_build_tools() -> None:
    try:
        version = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        _cannot_build("setuptools is not installed in this environment")
        return
    if _version_tuple(version) < MIN_SETUPTOOLS:
        _cannot_build(f"setuptools {version} is too old to build this project (it needs >= 77)")
    try:
        metadata.version("pip")
    except metadata.PackageNotFoundError:
        _cannot_build("pip is not installed in this environment")


def _env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that would put the checkout on sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONDONTWRITEBYTECODE="1", **extra)
    return env


def _run(args: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_env(**extra),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _ok(done: subprocess.CompletedProcess[str], what: str) -> str:
    assert done.returncode == 0, f"{what} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@dataclass
class Installed:
    tree: Path  # the copy of the checkout that was built
    sdist: Path
    wheel: Path
    python: Path  # the fresh environment's interpreter
    explorer: Path  # its console script
    site_packages: Path
    outside: Path  # an empty folder outside the checkout, to run commands from
    scratch: Path


def _dependency_dirs() -> list[str]:
    """Where this interpreter finds the dependencies (the venv's site-packages)."""
    dirs = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()]
    return [d for i, d in enumerate(dirs) if d not in dirs[:i] and Path(d).is_dir()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    _check_build_tools()
    base = tmp_path_factory.mktemp("packaging")
    tree = base / "checkout"
    tree.mkdir()
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=JUNK)
        else:
            shutil.copy2(source, tree / name)
    for licence in ROOT.glob("LICEN[CS]E*"):
        shutil.copy2(licence, tree / licence.name)

    # The sdist, with the PEP 517 backend itself (no `build` package needed).
    dist = base / "dist"
    dist.mkdir()
    code = f"from setuptools import build_meta; print(build_meta.build_sdist({str(dist)!r}))"
    name = _ok(_run([sys.executable, "-c", code], tree), "building the sdist").strip().splitlines()[-1]
    sdist = dist / name
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # 3.11.4 and later
            archive.extractall(base / "unpacked", filter="data")
        else:
            archive.extractall(base / "unpacked")  # our own archive, just built
    unpacked = base / "unpacked" / name.removesuffix(".tar.gz")

    # The wheel, from the unpacked sdist, as `pip install <sdist>` would build it.
    wheels = base / "wheels"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q"]
    _ok(_run([*pip_wheel, "-w", wheels, unpacked], base), "building the wheel")
    (wheel,) = wheels.glob("scenario_explorer-*.whl")

    venv = base / "venv"
    _ok(_run([sys.executable, "-m", "venv", "--without-pip", venv], base), "creating a virtual environment")
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = venv / bindir / ("python.exe" if os.name == "nt" else "python")
    _ok(
        _run(
            [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel], base
        ),
        "installing the wheel",
    )
    probe = "import json, sysconfig; print(json.dumps(sysconfig.get_paths()['purelib']))"
    site_packages = Path(json.loads(_ok(_run([python, "-I", "-c", probe], base), "asking for site-packages")))
    # The dependencies come from this environment, after the new one's own site-packages.
    (site_packages / "zz_test_dependencies.pth").write_text("\n".join(_dependency_dirs()) + "\n", encoding="utf-8")
    outside = base / "elsewhere"
    outside.mkdir()
    script = venv / bindir / ("explorer.exe" if os.name == "nt" else "explorer")
    return Installed(tree, sdist, wheel, python, script, site_packages, outside, base)


def _package_files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in (root / "explorer").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    }


def test_the_sdist_holds_what_a_wheel_is_built_from(installed):
    with tarfile.open(installed.sdist) as archive:
        prefix = archive.getnames()[0].split("/")[0]
        names = {n.removeprefix(prefix + "/") for n in archive.getnames()}
        packed_db = archive.extractfile(f"{prefix}/scenarios.db")
        assert packed_db is not None
        assert packed_db.read() == BUNDLED_DB.read_bytes(), "the sdist's scenarios.db is not the checkout's"
    for needed in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "assets/overview.yaml"):
        assert needed in names, f"the sdist lacks {needed}"
    sources = {f"assets/scenarios/{p.name}" for p in SOURCES.glob("*.yaml")}
    assert sources <= names, f"the sdist lacks scenario sources: {sorted(sources - names)}"
    assert not any(n.startswith("explorer/library/data/") for n in names), "a copy of the library is in the sources"


def test_the_wheel_holds_the_whole_package_and_the_bundled_library(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        in_package = {n for n in names if n.startswith("explorer/")}
        source = _package_files(installed.tree)
        assert in_package == source | {PACKAGED_DB}, (
            "the wheel's package files differ from the checkout's: "
            f"missing {sorted(source | {PACKAGED_DB} - in_package)}, extra {sorted(in_package - source - {PACKAGED_DB})}"
        )
        assert wheel.read(PACKAGED_DB) == BUNDLED_DB.read_bytes(), "the wheel's library is not the checkout's"
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert "explorer = explorer.cli:main" in wheel.read(entry_points).decode()


def test_the_installed_explorer_lists_the_bundled_scenarios(installed):
    expected = json.loads(_ok(_run([sys.executable, "-m", "explorer", "list", "--json"], ROOT), "the checkout's list"))
    assert len(expected) == 20
    listed = json.loads(_ok(_run([installed.explorer, "list", "--json"], installed.outside), "the installed list"))
    assert listed == expected


def test_the_installed_package_reads_its_own_copy_of_the_library(installed):
    probe = (
        "import json, explorer, explorer.library.bundled as b; "
        "print(json.dumps([explorer.__file__, str(b.BUNDLED_DB), b.in_checkout()]))"
    )
    module, bundled, in_checkout = json.loads(
        _ok(_run([installed.python, "-I", "-c", probe], installed.outside), "the probe")
    )
    site_packages = installed.site_packages.resolve()
    assert Path(module).resolve().is_relative_to(site_packages), f"explorer was imported from {module}"
    assert Path(bundled) == site_packages / PACKAGED_DB, f"the bundled library is {bundled}"
    assert Path(bundled).read_bytes() == BUNDLED_DB.read_bytes()
    assert in_checkout is False


def test_the_installed_package_draws_and_opens_its_window(installed):
    out = installed.outside / "dr.png"
    _ok(_run([installed.explorer, "export", "disaster-recovery", "-o", out], installed.outside), "an export")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    settings = installed.scratch / "settings"
    probe = (
        "import sys; from PySide6.QtCore import QSettings; from PySide6.QtWidgets import QApplication; "
        f"QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {str(settings)!r}); "
        "app = QApplication([]); from explorer.ui import create_main_window; "
        "w = create_main_window(restore=False); print(w.library.path); w.close()"
    )
    done = _run([installed.python, "-I", "-c", probe], installed.outside, QT_QPA_PLATFORM="offscreen")
    shown = _ok(done, "opening the window").strip().splitlines()[-1]
    assert Path(shown).resolve() == installed.site_packages.resolve() / PACKAGED_DB


def test_build_outside_a_checkout_says_the_sources_are_missing(installed):
    done = _run([installed.explorer, "build"], installed.outside)
    assert done.returncode in (1, 2), done
    assert "Traceback" not in done.stderr, done.stderr
    assert "assets/scenarios" in done.stderr, done.stderr


def test_build_never_writes_the_installed_library(installed):
    packaged = installed.site_packages / PACKAGED_DB
    before = packaged.read_bytes()
    sources = installed.scratch / "my-sources" / "scenarios"
    sources.mkdir(parents=True)
    shutil.copy2(SOURCES / "06-disaster-recovery.yaml", sources)
    try:
        done = _run([installed.explorer, "build", "--sources", sources], installed.outside)
        assert "Traceback" not in done.stderr, done.stderr
        assert packaged.read_bytes() == before, "explorer build overwrote the installed package's library"
        assert done.returncode == 1, done
        assert "-o DB" in done.stderr, done.stderr
    finally:
        packaged.write_bytes(before)

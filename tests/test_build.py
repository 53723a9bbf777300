"""The build as a whole: bad data publishes nothing, and the same input builds the same site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def project_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "data", "hooks", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("faults"))
    return target


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_bad_data_stops_the_build_before_anything_is_written(tmp_path):
    project = project_copy(tmp_path / "project")
    english = project / "data" / "text" / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "    portal_text: Version mismatch\n", "    portal_txt: Version mismatch\n"), encoding="utf-8")
    dutch = project / "data" / "text" / "nl.yaml"
    dutch.write_text(dutch.read_text(encoding="utf-8").replace("[fout 13][fault-13]", "[fout 99][fault-99]"),
                     encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "text/en.yaml" in result.stderr and "unknown field 'portal_txt'" in result.stderr
    assert "locale nl, fault 10, field resolution: reference to fault 99" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
    assert not (project / "docs" / "faults").exists()


def test_the_same_input_builds_the_same_site(tmp_path, built_site):
    again = tmp_path / "again"
    assert build(ROOT, again).returncode == 0
    first = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []

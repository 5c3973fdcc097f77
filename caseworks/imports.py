"""What every importer reports: all-or-nothing, with a line-by-line account of what it skipped."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path


class ImportRejected(Exception):
    """The file had errors; nothing was written. `report` says which lines and why."""

    def __init__(self, report: ImportReport):
        super().__init__(f"{len(report.errors)} error(s); nothing was imported")
        self.report = report


@dataclass
class ImportReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        head = "Would import" if self.dry_run else "Imported"
        out = [
            f"{head} {self.source}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped, {len(self.errors)} errors."
        ]
        out += [f"  line {line}: error: {message}" for line, message in self.errors]
        out += [f"  line {line}: skipped: {message}" for line, message in self.skipped]
        return out


def read_text(path: Path) -> str:
    """Read a text file, gunzipping `.gz`; a UTF-8 BOM is dropped."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8-sig")

"""The archive in a folder on disk (the local default)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from services.scrapers.archive.store import ArchiveError, checked_key
from shared.errors import BadRequest


class LocalArchive:
    """A folder on disk (the local default)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / checked_key(key)).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise BadRequest(f"archive path {key!r} is outside the archive root", field="archive_path")
        return path

    def put(self, key: str, body: bytes) -> str:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(body)
            tmp.replace(path)
        except OSError as exc:
            raise ArchiveError(f"archive write failed at {path}: {exc}") from exc
        return str(path)

    def create(self, key: str, body: bytes) -> bool:
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(body)
            os.link(tmp, path)  # whole and exclusive: fails if the name exists, never shows a half-written file
        except FileExistsError:
            return False
        except OSError as exc:
            raise ArchiveError(f"archive write failed at {path}: {exc}") from exc
        finally:
            tmp.unlink(missing_ok=True)
        return True

    def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise ArchiveError(f"archive read failed at {path}: {exc}") from exc

    def list(self, prefix: str) -> list[str]:
        folder = self.root / prefix.rstrip("/")
        if not folder.is_dir():
            return []
        root = self.root.resolve()
        return sorted(str(p.resolve().relative_to(root)) for p in folder.rglob("*.json") if p.is_file())

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

"""Load workflows.yaml: a bad file fails at start naming the workflow and the field."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from services.scrapers.workflows.models import WorkflowsFile
from shared.errors import ConfigError

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "workflows.yaml"
__all__ = ["DEFAULT_PATH", "WorkflowsFile", "load_workflows"]


def _describe(error: dict) -> str:
    loc = [str(p) for p in error["loc"]]
    if loc[:1] == ["workflows"] and len(loc) > 1:
        field = ".".join(loc[2:])
        return f"workflow {loc[1]!r}" + (f", field {field}" if field else "") + f": {error['msg']}"
    return f"{'.'.join(loc) or 'file'}: {error['msg']}"


def load_workflows(path: Path = DEFAULT_PATH) -> WorkflowsFile:
    """Read and validate workflows.yaml; ConfigError names the file, the workflow and the field."""
    try:
        raw = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path.name}: cannot read: {exc}", field=str(path)) from None
    try:
        return WorkflowsFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"{path.name}: {_describe(dict(first))}", field=".".join(map(str, first["loc"]))) from None

"""The local BigQuery stand-in (bqemulator on DuckDB): offline set-up, argv and environment."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

SPATIAL_VERSION = "v1.5.5"


def install_extension() -> Path:
    """INSTALL the spatial extension shipped in duckdb-extension-spatial, so start-up needs no download."""
    import duckdb
    import duckdb_extension_spatial

    source = (
        Path(duckdb_extension_spatial.__file__).parent / "extensions" / SPATIAL_VERSION / "spatial.duckdb_extension"
    )
    if not source.exists():
        raise RuntimeError(f"spatial extension not found at {source}; reinstall duckdb-extension-spatial")
    connection = duckdb.connect()
    try:
        connection.execute(f"INSTALL '{source}'")
    finally:
        connection.close()
    return source


def standin_env(data_dir: Path) -> dict[str, str]:
    """Environment that keeps the stand-in offline and its uploads under data_dir."""
    staging = data_dir / "bq-upload-staging"
    staging.mkdir(parents=True, exist_ok=True)
    return {"BQEMU_ENABLE_FORMAT_EXTENSIONS": "false", "BQEMU_UPLOAD_STAGING_DIR": str(staging.resolve())}


def standin_argv(port: int, data_dir: Path, project: str, *, ephemeral: bool = False) -> list[str]:
    """The command line that serves the stand-in's REST API on 127.0.0.1:port (persisted in data_dir unless
    ephemeral: in memory, a third faster per write)."""
    (data_dir / "bq").mkdir(parents=True, exist_ok=True)
    exe = Path(sys.executable).parent / "bqemulator"
    storage = ["--ephemeral"] if ephemeral else ["--persistent", "--data-dir", str((data_dir / "bq").resolve())]
    return [
        str(exe),
        "start",
        "--rest-host",
        "127.0.0.1",
        "--rest-port",
        str(port),
        "--grpc-port",
        "0",
        *storage,
        "--project",
        project,
        "--log-level",
        "warning",
        "--log-format",
        "json",
    ]


@contextlib.contextmanager
def serve(data_dir: Path, project: str, *, ephemeral: bool = False) -> Iterator[str]:
    """A stand-in process on a free 127.0.0.1 port for the duration of the block; yields its URL."""
    from local import processes

    install_extension()
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    with processes.serving(
        standin_argv(port, data_dir, project, ephemeral=ephemeral),
        env=standin_env(data_dir),
        log_path=data_dir / "standin.log",
        ready_url=f"{url}/bigquery/v2/projects/{project}/datasets",
        what="BigQuery stand-in",
    ):
        yield url


if __name__ == "__main__":
    if sys.argv[1:] == ["install-extension"]:
        print(f"installed DuckDB spatial extension from {install_extension()}")
    else:
        sys.exit("usage: python -m local.bigquery_standin install-extension")

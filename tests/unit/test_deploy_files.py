"""The images and the Cloud Build config, read statically (no Docker here): what they build, copy and run."""

from __future__ import annotations

import ast
import os
import re
import runpy
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["scrapers", "analytics"]
LOCAL_ONLY = {"local", "bench", "tests", "bqemulator", "duckdb", "numpy", "nba_api", "pytest"}


def instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per Dockerfile instruction, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / dockerfile).read_text())
    rows = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(row.split(None, 1)[0].upper(), row.split(None, 1)[1] if " " in row else "") for row in rows]


def ignored(path: str, patterns: list[str]) -> bool:
    """Docker's .dockerignore rule: the last pattern matching the path or one of its parents decides."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    result = False
    for raw in patterns:
        negate = raw.startswith("!")
        pattern = raw.lstrip("!").strip("/")
        regex = "".join(
            ".*" if tok == "**" else "[^/]*" if tok == "*" else "[^/]" if tok == "?" else re.escape(tok)
            for tok in re.split(r"(\*\*|\*|\?)", pattern)
        )
        regex = regex.replace(".*/", "(.*/)?")
        if any(re.fullmatch(regex, c) for c in candidates):
            result = not negate
    return result


@pytest.mark.parametrize("service", SERVICES)
def test_dockerfile_runs_gunicorn_as_non_root_with_the_commit_baked_in(service):
    steps = instructions(f"Dockerfile.{service}")
    assert re.fullmatch(r"python:3\.11-slim@sha256:[0-9a-f]{64}", steps[0][1]) and steps[0][0] == "FROM"
    assert steps[0] == instructions("Dockerfile.scrapers")[0]  # one base for both images
    kinds = [kind for kind, _ in steps]
    assert "ADD" not in kinds
    user = [args for kind, args in steps if kind == "USER"]
    assert user and user[-1] not in ("root", "0")
    assert kinds.index("USER") > max(i for i, (kind, _) in enumerate(steps) if kind == "RUN")
    assert ("ARG", "BUILD_COMMIT=unknown") in steps
    env = " ".join(args for kind, args in steps if kind == "ENV")
    assert "BUILD_COMMIT=${BUILD_COMMIT}" in env.split()
    cmd = [args for kind, args in steps if kind == "CMD"][-1]
    assert yaml.safe_load(cmd) == ["gunicorn", "-c", "shared/gunicorn_conf.py", f"services.{service}.wsgi:app"]


@pytest.mark.parametrize("service", SERVICES)
def test_dockerfile_installs_runtime_dependencies_only_and_copies_no_secrets(service):
    steps = instructions(f"Dockerfile.{service}")
    sources = {shlex.split(args)[0] for kind, args in steps if kind == "COPY"}
    assert sources == {"pyproject.toml", "shared", "services", "courtside"}
    copied = {word for kind, args in steps if kind == "COPY" for word in shlex.split(args)[:-1]}
    assert "requirements.lock" in copied
    installs = [args for kind, args in steps if kind == "RUN" and "pip install" in args]
    assert len(installs) == 2
    deps = next(shlex.split(part) for part in installs[0].split("&&") if "pip install" in part)
    assert deps == ["pip", "install", "-c", "requirements.lock", "-r", "/tmp/requirements.txt"]
    assert "['project']['dependencies']" in installs[0]  # runtime dependencies only, no extras
    words = shlex.split(installs[1].split("&&")[0])
    assert words == ["pip", "install", "--no-deps", "-c", "requirements.lock", "."]  # the code alone; no -e


@pytest.mark.parametrize("service", SERVICES)
def test_dependencies_install_in_a_layer_that_code_changes_do_not_invalidate(service):
    steps = instructions(f"Dockerfile.{service}")
    first_code = min(
        i for i, (kind, args) in enumerate(steps) if kind == "COPY" and args.split()[0] != "pyproject.toml"
    )
    deps = next(i for i, (kind, args) in enumerate(steps) if kind == "RUN" and "-r /tmp/requirements.txt" in args)
    assert deps < first_code
    before = {w for kind, args in steps[:deps] if kind == "COPY" for w in shlex.split(args)[:-1]}
    assert before == {"pyproject.toml", "requirements.lock"}


def test_gunicorn_conf_binds_port_with_cloud_runs_shape(monkeypatch):
    monkeypatch.setenv("PORT", "9137")
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    conf = runpy.run_path(str(ROOT / "shared" / "gunicorn_conf.py"))
    assert (conf["bind"], conf["workers"], conf["threads"], conf["timeout"]) == ("0.0.0.0:9137", 1, 8, 0)


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        (".courtside/bq/data.duckdb", True),
        (".venv/bin/python", True),
        (".git/HEAD", True),
        ("tests/unit/test_x.py", True),
        ("services/scrapers/tests/test_x.py", True),
        ("courtside-sa-key.json", True),
        ("shared/service-account.json", True),
        ("services/scrapers/gcp_credentials.json", True),
        (".env", True),
        ("services/.env.production", True),
        ("shared/__pycache__/settings.cpython-311.pyc", True),
        ("local/stack.py", True),
        ("bench/__main__.py", True),
        ("requirements.lock", False),
        ("courtside/cli.py", False),
        ("pyproject.toml", False),
        ("shared/settings.py", False),
        ("shared/gunicorn_conf.py", False),
        ("services/scrapers/wsgi.py", False),
    ],
)
def test_dockerignore_keeps_local_state_tests_and_secrets_out(path, excluded):
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip() and p[0] != "#"]
    assert ignored(path, patterns) is excluded


def test_dockerignore_lets_every_runtime_file_in():
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip() and p[0] != "#"]
    files = [
        p.relative_to(ROOT).as_posix()
        for top in ("shared", "services", "courtside")
        for p in (ROOT / top).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and "tests" not in p.parts
    ]
    assert files and [f for f in files if ignored(f, patterns)] == []


def test_image_code_imports_nothing_local_only():
    from courtside.cli import LOCAL_COMMAND_MODULES

    local_commands = {ROOT / (module.replace(".", "/") + ".py") for module in LOCAL_COMMAND_MODULES}
    cli = [p for p in (ROOT / "courtside").rglob("*.py") if p not in local_commands]
    offenders = []
    for path in [*(ROOT / "shared").rglob("*.py"), *(ROOT / "services").rglob("*.py"), *cli]:
        tree = ast.parse(path.read_text())
        # The CLI may import local-only code inside a function that production settings never reach.
        for node in tree.body if path in cli else ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in LOCAL_ONLY]
    assert offenders == []


def cloudbuild() -> dict:
    return yaml.safe_load((ROOT / "cloudbuild.yaml").read_text())


def test_cloudbuild_builds_and_pushes_each_image_tagged_with_the_commit():
    steps = {s["id"]: s for s in cloudbuild()["steps"]}
    for service in SERVICES:
        image = f"${{_REGION}}-docker.pkg.dev/$PROJECT_ID/${{_REPO}}/{service}:$COMMIT_SHA"
        build = steps[f"build-{service}"]["args"]
        assert build[build.index("-f") + 1] == f"Dockerfile.{service}"
        assert build[build.index("-t") + 1] == image and "BUILD_COMMIT=$COMMIT_SHA" in build
        assert steps[f"push-{service}"]["args"][-2:] == ["push", image]
        deploy = steps[f"deploy-{service}"]["args"]
        assert f"deploy/{service}.sh" in deploy and deploy[deploy.index("--image") + 1] == image
        assert deploy[deploy.index("--commit") + 1] == "$COMMIT_SHA"
    assert "deploy/freshness.sh" in steps["deploy-freshness"]["args"]


def test_cloudbuild_substitutions_are_all_defined():
    config = cloudbuild()
    used = set(re.findall(r"\$\{?(_[A-Z0-9_]+)", (ROOT / "cloudbuild.yaml").read_text()))
    assert used and used <= set(config["substitutions"])


def test_cloudbuild_deploys_are_independent_and_a_failure_still_fails_the_build():
    steps = {s["id"]: s for s in cloudbuild()["steps"]}

    def ancestors(step_id: str) -> set[str]:
        seen, todo = set(), list(steps[step_id].get("waitFor", []))
        while todo:
            current = todo.pop()
            if current != "-" and current not in seen:
                seen.add(current)
                todo += steps[current].get("waitFor", [])
        return seen

    for service in [*SERVICES, "freshness"]:
        others = {s for s in steps if s.split("-", 1)[-1] not in (service,)} - {"deploy-result", "require-commit"}
        assert not ancestors(f"deploy-{service}") & others, service
    for step_id, step in steps.items():
        assert step.get("waitFor"), f"{step_id} would wait for every prior step"
        if step_id != "require-commit":  # the one precondition every chain waits for
            assert step["args"][0] == "deploy/ci_step.sh", f"{step_id} could cancel the other chains"
    result = steps["deploy-result"]
    assert set(result["waitFor"]) == {"deploy-scrapers", "deploy-analytics", "deploy-freshness"}
    assert result["args"][1:] == ["--report", "deploy", "scrapers", "analytics", "freshness"]


def test_every_command_cloudbuild_runs_from_the_repo_is_executable():
    args = [arg for step in cloudbuild()["steps"] for arg in step["args"]]
    scripts = {arg for arg in args if arg.startswith("deploy/") and arg.endswith(".sh")}
    assert scripts >= {"deploy/scrapers.sh", "deploy/analytics.sh", "deploy/freshness.sh", "deploy/ci_step.sh"}
    assert [s for s in scripts if not os.access(ROOT / s, os.X_OK)] == []


def substituted(arg: str, values: dict[str, str]) -> str:
    """Cloud Build's substitution of one argument: $NAME and ${NAME} replaced, $$ a literal $."""
    pattern = r"\$\$|\$\{([A-Z_][A-Z0-9_]*)\}|\$([A-Z_][A-Z0-9_]*)"
    return re.sub(pattern, lambda m: "$" if m[0] == "$$" else values[m[1] or m[2]], arg)


@pytest.mark.parametrize(("commit", "ok"), [("", False), ("3f9c2ab", True)])
def test_a_build_without_commit_sha_stops_first_saying_how_to_fix_it(commit, ok):
    steps = cloudbuild()["steps"]
    guard = steps[0]
    assert guard["id"] == "require-commit" and guard["entrypoint"] == "bash"
    args = [substituted(a, {"COMMIT_SHA": commit}) for a in guard["args"]]
    result = subprocess.run(["bash", *args], capture_output=True, text=True, timeout=30)
    assert (result.returncode == 0) is ok
    assert ok or "COMMIT_SHA is empty" in result.stderr and "--substitutions=COMMIT_SHA=" in result.stderr
    # Every image tag uses COMMIT_SHA, so every chain waits for the guard.
    starts = [s for s in steps if "$COMMIT_SHA" in " ".join(s["args"]) and s is not guard]
    assert starts and all(s["waitFor"] != ["-"] for s in starts)


def test_the_build_runs_as_the_deployer_with_its_logs_in_cloud_logging():
    config = cloudbuild()
    email = "courtside-deployer@$PROJECT_ID.iam.gserviceaccount.com"
    assert config["serviceAccount"] == f"projects/$PROJECT_ID/serviceAccounts/{email}"
    assert config["options"]["logging"] == "CLOUD_LOGGING_ONLY"  # required with a user-specified account
    assert "DEPLOYER_SA=courtside-deployer" in (ROOT / "deploy" / "lib.sh").read_text()

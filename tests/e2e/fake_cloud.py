"""Fake `gcloud`, `curl` and `courtside` executables for running deploy/*.sh offline: they record each call."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEP = "\x1f"

# Plausible answers; FAKE_MISSING names resources whose describe fails until a deploy/create made them; FAKE_FRESH=1
# starts from a fresh project instead (tests/e2e/fresh_project.py).
GCLOUD = r"""#!/usr/bin/env bash
{ printf 'gcloud'; printf '\x1f%s' "$@"; printf '\n'; } >>"$FAKE_LOG"
all=" $* "
if [[ -n "${FAKE_FAIL:-}" && "$all" == *"$FAKE_FAIL"* ]]; then echo "ERROR: (gcloud) injected failure" >&2; exit 1; fi
if [[ -n "${FAKE_FRESH:-}" ]]; then  # a fresh project (fresh_project.py): refuses what the real one refuses
    "$FAKE_PYTHON" "$FAKE_MODEL" "$@"
    code=$?
    ((code == 100)) && exit 0
    ((code == 0)) || exit "$code"
fi
name=""
for ((i = 1; i <= $#; i++)); do
    case "${!i}" in describe | deploy | create) j=$((i + 1)); name="${!j}"; [[ "$name" != http ]] || {
        j=$((j + 1)); name="${!j}"; }; break ;; esac
done
case "$all" in
    *" run deploy "* | *" functions deploy "* | *" create "*) touch "$FAKE_STATE/${name//\//_}" ;;
esac
if [[ "$all" == *" functions deploy "* && -n "${FAKE_STAGE_COPY:-}" ]]; then
    for a in "$@"; do [[ "$a" == --source=* ]] && cp -R "${a#--source=}" "$FAKE_STAGE_COPY"; done
fi
if [[ "$all" == *" describe "* && " ${FAKE_MISSING:-} " == *" $name "* && ! -e "$FAKE_STATE/${name//\//_}" ]]; then
    echo "ERROR: (gcloud) NOT_FOUND: $name" >&2; exit 1
fi
case "$all" in
    *" run services describe "*latestCreatedRevisionName*) echo "$name-00002-new" ;;
    *" run services describe "* | *" functions describe "*) echo "https://$name-x7k2p9-uc.a.run.app" ;;
    *" projects describe "*) echo 123456789012 ;;
    *" config get-value account "*) echo "${FAKE_ACCOUNT:-ci@proj-123.iam.gserviceaccount.com}" ;;
    *" auth print-identity-token "*) echo "fake-id-token" ;;
esac
exit 0
"""

CURL = r"""#!/usr/bin/env bash
headers="$(cat)"
{ printf 'curl'; printf '\x1f%s' "$@" "stdin:$headers"; printf '\n'; } >>"$FAKE_LOG"
[[ -z "${FAKE_CURL_FAIL:-}" ]] || { echo "curl: (22) The requested URL returned error: 403" >&2; exit 22; }
host="${*: -1}"; host="${host#https://}"; host="${host%%/*}"; host="${host##*---}"  # a tag's URL: TAG---SERVICE-...
revision="${FAKE_HEALTH_REVISION-${host%-x7k2p9-uc.a.run.app}-00002-new}"
printf '{"commit":"%s","revision":"%s","service":"x","warehouse":true}\n' "$FAKE_HEALTH_COMMIT" "$revision"
"""

COURTSIDE = r"""#!/usr/bin/env bash
seen="env:ENVIRONMENT=${COURTSIDE_ENVIRONMENT:-} PROJECT=${COURTSIDE_GCP_PROJECT:-} ENDPOINT=${COURTSIDE_BQ_ENDPOINT:-}"
{ printf 'courtside'; printf '\x1f%s' "$@" "$seen"; printf '\n'; } >>"$FAKE_LOG"
"""


@dataclass
class Result:
    """One script run: exit code, output, and every fake call as its argv."""

    returncode: int
    stdout: str
    stderr: str
    calls: list[list[str]] = field(default_factory=list)

    def commands(self, *prefix: str) -> list[list[str]]:
        """Calls whose argv starts with prefix, e.g. ("gcloud", "run", "deploy")."""
        return [c for c in self.calls if c[: len(prefix)] == list(prefix)]

    def one(self, *prefix: str) -> list[str]:
        """The single call starting with prefix."""
        found = self.commands(*prefix)
        assert len(found) == 1, f"expected one {' '.join(prefix)}, got {found}"
        return found[0]


def flag(argv: list[str], name: str) -> str | None:
    """The value of --name=value in argv (None when absent)."""
    values = [a.split("=", 1)[1] for a in argv if a.startswith(f"{name}=")]
    return values[-1] if values else None


class FakeCloud:
    """A bin directory with the fakes first on PATH, and a way to run a deploy script against it."""

    def __init__(self, tmp_path: Path) -> None:
        self.bin = tmp_path / "bin"
        self.state = tmp_path / "state"
        self.log = tmp_path / "calls.log"
        for path in (self.bin, self.state):
            path.mkdir()
        for name, body in (("gcloud", GCLOUD), ("curl", CURL), ("courtside", COURTSIDE)):
            (self.bin / name).write_text(body)
            (self.bin / name).chmod(0o755)

    def run(self, script: str, *args: str, **env: str) -> Result:
        """Run deploy/<script> with args; env adds FAKE_* knobs."""
        return self.execute(["bash", str(ROOT / "deploy" / script), *args], **env)

    def gcloud(self, *args: str, **env: str) -> Result:
        """One gcloud command of the README's, run against the fake (e.g. `secrets create`, `builds submit`)."""
        return self.execute([str(self.bin / "gcloud"), *args], **env)

    def execute(self, argv: list[str], **env: str) -> Result:
        """Run argv with the fakes first on PATH; env adds FAKE_* knobs."""
        self.log.unlink(missing_ok=True)
        full_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("COURTSIDE_", "FAKE_"))},
            "PATH": f"{self.bin}:{os.environ['PATH']}",
            "FAKE_LOG": str(self.log),
            "FAKE_STATE": str(self.state),
            "FAKE_HEALTH_COMMIT": "",
            "DEPLOY_RETRY_WAIT_S": "0",
            "DEPLOY_HEALTH_ATTEMPTS": "2",
            "FAKE_PYTHON": sys.executable,
            "FAKE_MODEL": str(Path(__file__).with_name("fresh_project.py")),
            **env,
        }
        proc = subprocess.run(
            argv,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
        calls = [line.split(SEP) for line in self.log.read_text().splitlines()] if self.log.exists() else []
        return Result(proc.returncode, proc.stdout, proc.stderr, calls)

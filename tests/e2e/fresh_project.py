"""A fresh Google Cloud project for the fake gcloud: refuses what the real one refuses until it is set up.

Run by the fake `gcloud` (FAKE_FRESH=1) before its own answers: exit 0 lets the fake answer, 1 refuses with
gcloud's error on stderr, 100 means answered here. State lives in $FAKE_STATE/project.json.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

NUMBER = "123456789012"
ON_BY_DEFAULT = {"bigquery.googleapis.com", "storage.googleapis.com", "logging.googleapis.com"}
API = {  # gcloud command group -> the API it needs
    "run": "run.googleapis.com",
    "functions": "cloudfunctions.googleapis.com",
    "scheduler": "cloudscheduler.googleapis.com",
    "pubsub": "pubsub.googleapis.com",
    "secrets": "secretmanager.googleapis.com",
    "artifacts": "artifactregistry.googleapis.com",
    "builds": "cloudbuild.googleapis.com",
    "iam": "iam.googleapis.com",
    "storage": "storage.googleapis.com",
}
PUBSUB_AGENT = f"service-{NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com"
KINDS = {  # (group, subgroup) -> resource kind
    ("iam", "service-accounts"): "sa",
    ("artifacts", "repositories"): "repo",
    ("storage", "buckets"): "bucket",
    ("secrets", None): "secret",
    ("run", "services"): "run",
    ("run", None): "run",  # run deploy NAME
    ("functions", None): "run",  # a gen2 function is a Cloud Run service
    ("pubsub", "topics"): "topic",
    ("pubsub", "subscriptions"): "sub",
    ("scheduler", "jobs"): "job",
}


class Refused(Exception):
    """What the real gcloud prints when it refuses."""


def flag(argv: list[str], name: str) -> str | None:
    values = [a.split("=", 1)[1] for a in argv if a.startswith(f"{name}=")]
    return values[-1] if values else None


class Project:
    """APIs, resources and IAM bindings, persisted between gcloud calls."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = json.loads(path.read_text()) if path.exists() else {}
        self.apis: set[str] = set(data.get("apis", ON_BY_DEFAULT))
        self.resources: set[str] = set(data.get("resources", []))
        self.bindings: set[str] = set(data.get("bindings", []))

    def save(self) -> None:
        data = {k: sorted(getattr(self, k)) for k in ("apis", "resources", "bindings")}
        self.path.write_text(json.dumps(data, indent=1))

    def need_api(self, api: str) -> None:
        if api not in self.apis:
            raise Refused(
                f"PERMISSION_DENIED: {api} has not been used in project {NUMBER} before or it is disabled. "
                f"Enable it by visiting https://console.developers.google.com/apis/api/{api}/overview "
                "(SERVICE_DISABLED)"
            )

    def need(self, resource: str, what: str) -> None:
        if resource not in self.resources:
            raise Refused(f"NOT_FOUND: {what}")

    def need_member(self, member: str | None) -> None:
        email = (member or "").removeprefix("serviceAccount:")
        if email.endswith(".iam.gserviceaccount.com") and f"sa:{email}" not in self.resources:
            raise Refused(f"INVALID_ARGUMENT: Service account {email} does not exist.")

    def has_role(self, resource: str, email: str, role: str) -> bool:
        return f"{resource}|serviceAccount:{email}|{role}" in self.bindings


def kind_and_name(argv: list[str]) -> tuple[str | None, str | None]:
    words = [a for a in argv if not a.startswith("--")]
    group = words[0] if words else ""
    sub = words[1] if len(words) > 1 and (group, words[1]) in KINDS else None
    kind = KINDS.get((group, sub))
    verbs = ("describe", "create", "deploy", "update", "add-iam-policy-binding", "delete")
    verb_at = next((i for i, w in enumerate(words) if w in verbs), None)
    name = None
    if verb_at is not None and verb_at + 1 < len(words):
        name = words[verb_at + 1]
        if name == "http" and verb_at + 2 < len(words):
            name = words[verb_at + 2]
    return kind, name


def resource_id(kind: str, name: str, argv: list[str]) -> str:
    if kind == "sa" and "@" not in name:
        name = f"{name}@{flag(argv, '--project')}.iam.gserviceaccount.com"
    if kind == "repo":
        name = f"{flag(argv, '--location')}/{name}"
    return f"{kind}:{name}"


def handle(project: Project, argv: list[str]) -> int:  # noqa: C901  (one branch per command the deploys use)
    words = [a for a in argv if not a.startswith("--")]
    if words[:2] == ["services", "list"]:
        print("\n".join(sorted(project.apis)))
        return 100
    if words[:2] == ["services", "enable"]:
        project.apis |= set(words[2:])
        return 100
    if words[:4] == ["beta", "services", "identity", "create"]:
        project.need_api(flag(argv, "--service") or "")
        project.resources.add(f"sa:{PUBSUB_AGENT}")
        print(f"Service identity created: {PUBSUB_AGENT}", file=sys.stderr)
        return 100
    if words[:1] in (["projects"], ["auth"], ["config"]):
        if words[:2] == ["projects", "add-iam-policy-binding"]:
            project.need_member(flag(argv, "--member"))
            project.bindings.add(f"project|{flag(argv, '--member')}|{flag(argv, '--role')}")
        if "--impersonate-service-account" in " ".join(argv):
            project.need_api("iamcredentials.googleapis.com")
        return 0
    group = words[0]
    if group in API:
        project.need_api(API[group])
    if words[:2] == ["builds", "submit"]:
        return submit(project, argv)
    kind, name = kind_and_name(argv)
    if kind is None or name is None:
        return 0
    rid = resource_id(kind, name, argv)
    verb = next(w for w in words if w in ("describe", "create", "deploy", "update", "add-iam-policy-binding", "delete"))
    if verb == "describe":
        project.need(rid, f"{kind} {name} does not exist")
    elif verb == "add-iam-policy-binding":
        project.need(rid, f"{kind} {name} does not exist")
        project.need_member(flag(argv, "--member"))
        project.bindings.add(f"{rid}|{flag(argv, '--member')}|{flag(argv, '--role')}")
    elif verb == "deploy" and group == "run":
        deploy_service(project, rid, argv)
    elif verb == "deploy":
        deploy_function(project, argv)
        project.resources.add(rid)
    elif verb == "create":
        if rid in project.resources:
            raise Refused(f"ALREADY_EXISTS: {kind} {name} already exists")
        for member_flag in ("--push-auth-service-account", "--oidc-service-account-email"):
            if flag(argv, member_flag):
                project.need_member(f"serviceAccount:{flag(argv, member_flag)}")
        project.resources.add(rid)
    elif verb == "update":
        project.need(rid, f"{kind} {name} does not exist")
    return 0


def deploy_service(project: Project, rid: str, argv: list[str]) -> None:
    if "--no-traffic" in argv and rid not in project.resources:
        raise Refused("--no-traffic not supported when creating a new service.")
    image = flag(argv, "--image") or ""
    host, _, path = image.partition("/")
    repo = f"repo:{host.removesuffix('-docker.pkg.dev')}/{path.split('/')[1]}" if path.count("/") >= 2 else ""
    if repo not in project.resources or f"image:{image}" not in project.resources:
        raise Refused(f"Image '{image}' not found.")
    project.need_member(f"serviceAccount:{flag(argv, '--service-account')}")
    project.resources.add(rid)


def deploy_function(project: Project, argv: list[str]) -> None:
    for api in ("cloudbuild.googleapis.com", "artifactregistry.googleapis.com", "run.googleapis.com"):
        project.need_api(api)
    builder = (flag(argv, "--build-service-account") or "").rsplit("/", 1)[-1]
    if not builder or not project.has_role("project", builder, "roles/cloudbuild.builds.builder"):
        raise Refused(
            "OperationError: Build failed: could not build the function due to a missing permission on the build "
            f"service account {builder or f'{NUMBER}-compute@developer.gserviceaccount.com'}"
        )
    project.need_member(f"serviceAccount:{flag(argv, '--service-account')}")


def submit(project: Project, argv: list[str]) -> int:
    """`gcloud builds submit`: the build account must exist and read the source; images go to the repository."""
    project_id = flag(argv, "--project")
    deployer = f"courtside-deployer@{project_id}.iam.gserviceaccount.com"
    substitutions = dict(p.split("=", 1) for p in (flag(argv, "--substitutions") or "").split(",") if "=" in p)
    region, commit = substitutions.get("_REGION", "us-central1"), substitutions.get("COMMIT_SHA", "")
    project.need_member(f"serviceAccount:{deployer}")
    source = f"bucket:gs://{project_id}_cloudbuild"
    if source not in project.resources or not project.has_role(source, deployer, "roles/storage.objectViewer"):
        raise Refused(f"FAILED_PRECONDITION: {deployer} cannot read the build's source in gs://{project_id}_cloudbuild")
    project.need_api("artifactregistry.googleapis.com")
    project.need(f"repo:{region}/courtside", f"repository courtside in {region} (push refused: name unknown)")
    for service in ("scrapers", "analytics"):
        project.resources.add(f"image:{region}-docker.pkg.dev/{project_id}/courtside/{service}:{commit}")
    return 0


def main(argv: list[str]) -> int:
    project = Project(Path(os.environ["FAKE_STATE"]) / "project.json")
    try:
        code = handle(project, argv)
    except Refused as refused:
        print(f"ERROR: (gcloud) {refused}", file=sys.stderr)
        return 1
    project.save()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

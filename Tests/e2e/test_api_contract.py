"""schemathesis against the running server: no 5xx and no answer that breaks /openapi.json.

Three runs, one per kind of credential, so every operation is exercised by a caller allowed to
use it: an admin token for the API, a revops token for sources and identity decisions, a source write key
for ingestion.
The stateful phase is left out: it chains create-then-delete links and would revoke the very
token it runs with; the token lifecycle has its own tests."""
import re
import subprocess
import sys
from pathlib import Path

from conftest import add_source, create_token

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"


def schemathesis(url, *args):
    binary = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run(
        [str(binary), "run", url + "/openapi.json", "--checks", CHECKS, "--phases", "examples,coverage,fuzzing",
         "-n", "40", "--seed", "1", "--request-timeout", "30", *args],
        capture_output=True, text=True, timeout=900)
    generated = re.search(r"(\d+) generated", result.stdout)
    return result, int(generated.group(1)) if generated else 0


def test_the_api_keeps_its_openapi_contract_under_generated_requests(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "50").returncode == 0
    admin = create_token(accord, "admin")
    revops = create_token(accord, "revops")
    # A sales leader: sends and receives handoffs, writes triage notes, signs outcome models for sales.
    sales = create_token(accord, "leader", "--person", "sam.okafor")
    # The CS leader: runs plays, turns them live, decides their function's tasks, opens and approves save cases.
    cs = create_token(accord, "leader", "--person", "grace.kim")
    key = add_source(accord)
    process, url = accord.serve("--rate-limit", "100000")

    runs = [
        schemathesis(url, "-H", f"Authorization: Bearer {admin}", "--exclude-path-regex",
                     "^/(v1/|api/v1/(sources|identity-reviews/|merges|webhooks|handoffs|reports|outcome-models|accounts/[^/]+/(scorecard|churn-reason)|tasks|plays|save-cases|win-back/campaigns|proposals|meetings))"),
        # Adding webhooks is left out: a generated address would make the server post beyond loopback.
        schemathesis(url, "-H", f"Authorization: Bearer {revops}", "--include-path-regex", "^/api/v1/(sources|identity-reviews/|merges|webhooks|outcome-models$|proposals|meetings)",
                     "--exclude-operation-id", "addWebhook", "--exclude-operation-id", "signProposal"),
        schemathesis(url, "-H", f"Authorization: Bearer {sales}", "--include-path-regex", "^/api/v1/(handoffs|reports|outcome-models|accounts/[^/]+/scorecard)",
                     "--exclude-operation-id", "proposeOutcomeModel"),
        schemathesis(url, "-a", f"{key}:", "--include-path-regex", "^/v1/"),
        schemathesis(url, "-H", f"Authorization: Bearer {cs}", "--include-path-regex", "^/api/v1/(tasks|plays|save-cases|win-back/campaigns|accounts/[^/]+/churn-reason|proposals/)"),
    ]
    for result, _ in runs:
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        assert "Authentication failed" not in result.stdout, result.stdout[-2000:]
    total = sum(count for _, count in runs)
    print(f"schemathesis: {total} generated requests, no failures")
    assert total >= 1000, total
    assert process.poll() is None, "the server survived"

"""Demo only: the token below is fake (random hex, never issued by any server)."""
import json
import urllib.request

GOGS_URL = "https://git.example.test"
GOGS_TOKEN = "b3164b74ce50e333f09ebafa8b8f2bbf39afee8a"


def list_issues(owner: str, repo: str) -> list:
    req = urllib.request.Request(
        f"{GOGS_URL}/api/v1/repos/{owner}/{repo}/issues",
        headers={"Authorization": f"token {GOGS_TOKEN}"},
    )
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


if __name__ == "__main__":
    for issue in list_issues("acme", "site"):
        print(issue["number"], issue["title"])

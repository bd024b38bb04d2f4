#!/usr/bin/env bash
# Demo only: the token below is fake (random hex, never issued by any server).
set -euo pipefail

GOGS_URL="https://git.example.test"
GOGS_TOKEN="f98d39c9593a36782fce58e9a7a454606e117bc9"

curl -fsS -H "Authorization: token ${GOGS_TOKEN}" "${GOGS_URL}/api/v1/user"
git clone "https://deploy:fa8bbdb4ff6e13ef8dd270ee0bd0e05fb7b7608d@git.example.test/acme/site.git" site

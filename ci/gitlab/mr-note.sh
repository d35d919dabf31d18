#!/usr/bin/env bash
# Posts FILE (the Markdown of `stratc review`) as the stratc note on a GitLab merge
# request, or updates the note posted before, found by the hidden marker its first line
# holds, so that a merge request has one stratc note however often it is pushed to.
# Needs curl and jq, GitLab's predefined CI_API_V4_URL, CI_PROJECT_ID and
# CI_MERGE_REQUEST_IID, and STRATC_GITLAB_TOKEN: a project access token with the `api`
# scope (a masked CI/CD variable).
set -euo pipefail

file=${1:?usage: mr-note.sh FILE}
marker='<!-- stratc-plan-diff -->'
: "${STRATC_GITLAB_TOKEN:?set STRATC_GITLAB_TOKEN to a project access token with the api scope}"
notes="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
auth="PRIVATE-TOKEN: $STRATC_GITLAB_TOKEN"

# GitLab's notes hold up to a million characters; the same cut as on GitHub keeps the
# two alike.
body=$(head -c 60000 "$file")
if [ "$(wc -c < "$file")" -gt 60000 ]; then
  body="$body

…the review is longer than a note may be: the job's artifacts have all of it."
fi
payload=$(jq -n --arg body "$body" '{body: $body}')

existing=$(curl --fail --silent --show-error --header "$auth" "$notes?per_page=100&sort=asc" |
  jq -r --arg marker "$marker" '[.[] | select(.body | startswith($marker))][0].id // empty')

if [ -n "$existing" ]; then
  curl --fail --silent --show-error --request PUT --header "$auth" \
    --header "Content-Type: application/json" --data "$payload" "$notes/$existing" > /dev/null
  echo "updated note $existing"
else
  curl --fail --silent --show-error --request POST --header "$auth" \
    --header "Content-Type: application/json" --data "$payload" "$notes" > /dev/null
  echo "posted a note"
fi

#!/usr/bin/env bash
# Posts FILE (the Markdown of `stratc review`) as the stratc comment on a pull request,
# or updates the comment posted before, found by the hidden marker its first line holds
# and posted by a bot, so that a pull request has one stratc comment however often it is
# pushed to. Needs `gh` and GH_TOKEN, REPOSITORY (owner/name) and PULL_REQUEST (number).
set -euo pipefail

file=${1:?usage: pr-comment.sh FILE}
marker='<!-- stratc-plan-diff -->'
: "${REPOSITORY:?}" "${PULL_REQUEST:?}"

# GitHub refuses a comment over 65536 characters; a long review is cut, and the job
# summary keeps all of it.
body=$(head -c 60000 "$file")
if [ "$(wc -c < "$file")" -gt 60000 ]; then
  body="$body

…the review is longer than a comment may be: the job summary has all of it."
fi

existing=$(gh api --paginate "repos/$REPOSITORY/issues/$PULL_REQUEST/comments" \
  --jq ".[] | select(.user.type == \"Bot\" and (.body | startswith(\"$marker\"))) | .id" | head -n 1)

if [ -n "$existing" ]; then
  gh api --method PATCH "repos/$REPOSITORY/issues/comments/$existing" -f body="$body" > /dev/null
  echo "updated comment $existing"
else
  gh api --method POST "repos/$REPOSITORY/issues/$PULL_REQUEST/comments" -f body="$body" > /dev/null
  echo "posted a comment"
fi

#!/usr/bin/env bash
# E2E: the AWS CLI (every hosted image has one) asks STS who the job's credentials are; the answer
# must name the expected role, and, unless ANY_ACCOUNT=true, be in E2E_ACCOUNT_ID.
# Usage: caller-is.sh ARN-PART [aws options, e.g. --profile P]
# The ARN holds the account id, a secret: masked in the log anyway, and compared here, not printed.
set -euo pipefail
expected=$1
shift
account=${ACCOUNT_ID:?}
if [ "${ANY_ACCOUNT:-false}" = true ]; then account='*'; fi
arn=$(aws sts get-caller-identity "$@" --query Arn --output text)
# shellcheck disable=SC2254 # $account is '*' on purpose when any account will do
case "$arn" in
  arn:aws:sts::$account:"$expected"*) echo "STS: the credentials are $expected…" ;;
  *) echo "::error::STS names another identity than $expected…"; exit 1 ;;
esac

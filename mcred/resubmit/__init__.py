"""A resubmission's commands: `mcred submit` (record an attempt), `mcred feedback` (the assessor's results to fill
in), `mcred diff` (what changed since the last attempt). Reading submissions/ and feedback.yaml is read/'s."""

#!/usr/bin/env python3
"""Validate fixture answers with Python's `jsonschema` package, for comparison with ddx.

Reads JSON Lines of {"schema": "PATH relative to the schemas directory", "answer": ...} and
writes one line per answer: {"schema": ..., "index": N, "valid": true|false, "errors": [...]}.
The draft is chosen from each schema's "$schema" (2020-12 when absent) and formats are asserted,
as ddx does. Needs jsonschema 4.x and rfc3339-validator (for date-time and time): installed by
`bash .ci/setup.sh --tests`.

Usage: crosscheck-validators.py SCHEMAS_DIR ANSWERS.jsonl
"""

import json
import sys
from pathlib import Path

import jsonschema
import rfc3339_validator  # noqa: F401  (without it, date-time and time go unchecked)


def main() -> int:
    schemas_dir = Path(sys.argv[1])
    answers = Path(sys.argv[2])
    for index, line in enumerate(answers.read_text().splitlines()):
        if not line.strip():
            continue
        entry = json.loads(line)
        schema = json.loads((schemas_dir / entry["schema"]).read_text())
        cls = jsonschema.validators.validator_for(
            schema, default=jsonschema.Draft202012Validator
        )
        cls.check_schema(schema)
        validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
        errors = sorted(
            "/" + "/".join(str(p) for p in e.absolute_path) + " " + str(e.validator)
            for e in validator.iter_errors(entry["answer"])
        )
        print(
            json.dumps(
                {
                    "schema": entry["schema"],
                    "index": index,
                    "valid": not errors,
                    "errors": errors,
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

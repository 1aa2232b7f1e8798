"""A response checked against the published OpenAPI schema (OpenAPI 3.0 rules)."""

from __future__ import annotations

import json
import re
from typing import Any

from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def _operation(spec: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    for template, item in spec["paths"].items():
        if re.match("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$", path):
            return item[method]
    raise AssertionError(f"{path} is not in the schema")


def check(spec: dict[str, Any], method: str, path: str, response: Any) -> None:
    """The response's status is documented for the operation and its body matches."""
    documented = _operation(spec, path, method)["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method.upper()} {path} answered {status}, not documented"
    content = documented[status].get("content", {})
    if "application/json" not in content:
        return
    schema = content["application/json"]["schema"]
    registry: Registry = Registry().with_resource(
        "urn:spec", Resource.from_contents(spec, default_specification=DRAFT4)
    )
    # Every local reference (also those inside arrays) resolved against the whole spec.
    rooted = json.loads(json.dumps(schema).replace('"#/', '"urn:spec#/'))
    validator = OAS30Validator(rooted, registry=registry, format_checker=oas30_format_checker)
    try:
        validator.validate(response.json())
    except ValidationError as error:
        raise AssertionError(f"{method.upper()} {path} {status}: {error.message}") from error

"""The base of every API input schema: strings arrive without control characters.

``CleanInput`` cleans every string of the incoming data (nested objects and lists too) with
:func:`fengqiao.core.text.clean_text` before pydantic validates it, so length limits apply to the
cleaned text. Every ninja input schema (bodies and query filters) inherits it; a test walks the
API's operations and checks.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ModelWrapValidatorHandler, ValidationInfo, model_validator

from fengqiao.core.text import clean_data


class CleanInput(Schema):
    # ninja's Schema validates through this wrap validator (turning the input into a
    # DjangoGetter); overriding it is the one place where the raw input is still a dict.
    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler, info: ValidationInfo
    ) -> Any:
        if isinstance(values, dict | list | str):
            values = clean_data(values)
        return Schema._run_root_validator.__func__(cls, values, handler, info)

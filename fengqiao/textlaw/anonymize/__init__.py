"""De-identification of Chinese judgments (法释〔2016〕19号 第八至十条) and the publication gate
(第四条), Presidio-style: recognisers return scored spans with a reason, policies choose which
spans to replace, operators produce the replacements.

    >>> from fengqiao.textlaw.anonymize import anonymize, publication_blockers
    >>> anonymize(text, policy="publish").text
"""

from .engine import anonymize
from .gate import publication_blockers
from .model import AnonymizationResult, Blocker, Person, Replacement, Span
from .patterns import id_checksum_ok, luhn_ok
from .policies import POLICIES, Policy, get_policy

__all__ = [
    "POLICIES",
    "AnonymizationResult",
    "Blocker",
    "Person",
    "Policy",
    "Replacement",
    "Span",
    "anonymize",
    "get_policy",
    "id_checksum_ok",
    "luhn_ok",
    "publication_blockers",
]

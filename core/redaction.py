"""Remove obvious identifiers from free text before it is stored (DESIGN.md section 3)."""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# NHS numbers: 10 digits, often written 3-3-4 with spaces or dashes.
NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
# UK phone numbers: 0, +44 or 0044 then 9-10 more digits, allowing spaces, dashes and
# brackets.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)44\s?\(?0?\)?|\(?0)\d(?:[\s\-()]{0,2}\d){8,9}(?!\d)")

REPLACEMENTS = [
    (EMAIL, "[email address removed]"),
    (PHONE, "[phone number removed]"),
    (NHS_NUMBER, "[number removed]"),
]


def redact_identifiers(text: str) -> str:
    for pattern, replacement in REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text

"""Short human codes (invitation and resume codes) and their keyed hashes.

The alphabet leaves out characters people confuse (0/O, 1/I/L, U/V): 29 symbols, so a
10-character code has 29**10, about 4 * 10**14, possibilities. Codes are stored only as an
HMAC keyed with the secret key, so a copy of the database alone cannot be searched for them.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 10
GROUP = 5


def new_code(length: int = CODE_LENGTH) -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise_code(typed: str) -> str:
    """What people type, in any case and with or without spaces and dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def is_well_formed(typed: str, length: int = CODE_LENGTH) -> bool:
    cleaned = normalise_code(typed)
    return len(cleaned) == length and all(ch in ALPHABET for ch in cleaned)


def code_hash(typed: str, *, purpose: str) -> str:
    return keyed_hash(normalise_code(typed), purpose=purpose)


def keyed_hash(value: str, *, purpose: str) -> str:
    message = f"{purpose}:{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()

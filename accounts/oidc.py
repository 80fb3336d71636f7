"""Single sign-on over OpenID Connect, built on mozilla-django-oidc and configured only from
the environment (OIDC_DISCOVERY_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET).

The provider's endpoints come from its discovery document, fetched on first use and kept in
the process: start-up never needs the network. Who may sign in is decided by
accounts.services.sso_user_resolve; single sign-on never gives anyone a role by itself."""

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts import services

logger = logging.getLogger(__name__)

DISCOVERY_PATH = "/.well-known/openid-configuration"
# Endpoints rarely move; a day's cache still picks up a change without a restart.
DISCOVERY_MAX_AGE = 60 * 60 * 24
# Seconds of clock difference between the provider and the portal that a token's times allow.
CLOCK_SKEW = 30
# Claims any one of which, true, says the provider has checked the e-mail address.
VERIFIED_EMAIL_CLAIMS = ("email_verified", "xms_edov")
# Set on the request by the backend when it refuses someone, read by the callback view.
REFUSAL_ATTRIBUTE = "sso_refusal"


class DiscoveryError(Exception):
    """The provider's discovery document could not be fetched or is not usable."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str
    fetched_at: float


_providers: dict[str, Provider] = {}


def sso_enabled() -> bool:
    return bool(settings.OIDC_DISCOVERY_URL and settings.OIDC_RP_CLIENT_ID)


def discovery_url() -> str:
    """OIDC_DISCOVERY_URL may name the document or the issuer it is published under."""
    url = settings.OIDC_DISCOVERY_URL.strip()
    return url if url.endswith(DISCOVERY_PATH) else url.rstrip("/") + DISCOVERY_PATH


def provider() -> Provider:
    url = discovery_url()
    cached = _providers.get(url)
    if cached and time.time() - cached.fetched_at < DISCOVERY_MAX_AGE:
        return cached
    try:
        fresh = _fetch(url)
    except DiscoveryError:
        if cached:  # a provider briefly down keeps the endpoints it had
            logger.warning("Single sign-on discovery failed; using the endpoints from before")
            return cached
        raise
    _providers[url] = fresh
    return fresh


def provider_forget() -> None:
    """Fetch the discovery document again on next use (tests; a changed configuration)."""
    _providers.clear()


def _fetch(url: str) -> Provider:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(f"Could not read {url}: {error}") from error
    if not isinstance(document, dict):
        raise DiscoveryError(f"{url} is not a discovery document")
    # OpenID Connect Discovery 1.0, 4.3: the issuer is the URL the document was found under.
    # A mismatch means a misconfiguration or a document that speaks for someone else.
    issuer = str(document.get("issuer") or "")
    if issuer.rstrip("/") != url.removesuffix(DISCOVERY_PATH).rstrip("/"):
        raise DiscoveryError(f"{url} names the issuer {issuer!r}, not its own address")
    names = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
    missing = [name for name in names if not document.get(name)]
    if missing:
        raise DiscoveryError(f"{url} has no {', '.join(missing)}")
    return Provider(
        issuer=issuer,
        **{name: str(document[name]) for name in names},
        end_session_endpoint=str(document.get("end_session_endpoint") or ""),
        fetched_at=time.time(),
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def refuse(request, reason: str, email: str = "") -> None:
    setattr(request, REFUSAL_ATTRIBUTE, (reason, email))


def refusal_of(request) -> tuple[str, str] | None:
    return getattr(request, REFUSAL_ATTRIBUTE, None)


def full_name_from(claims: dict, email: str) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        parts = (claims.get("given_name"), claims.get("family_name"))
        name = " ".join(str(part).strip() for part in parts if part)
    return name or email.split("@", 1)[0]


# The audit log says which check a refused token failed; anything else is "token_invalid".
TOKEN_REFUSALS = (
    (jwt.ExpiredSignatureError, "token_expired"),
    (jwt.InvalidAudienceError, "token_wrong_audience"),
    (jwt.InvalidIssuerError, "token_wrong_issuer"),
    (jwt.InvalidSignatureError, "token_bad_signature"),
)


def _token_refusal(error: Exception) -> str:
    return next((code for kind, code in TOKEN_REFUSALS if isinstance(error, kind)), "token_invalid")


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Signs in a person whose provider vouches for their e-mail address, if the portal
    knows the address: an account, or an invitation waiting for it."""

    def __init__(self, *args, **kwargs):
        # Django makes a backend for every request that reads a session: the endpoints (and
        # the network) wait until someone actually signs in.
        self.UserModel = get_user_model()

    def _configure(self) -> None:
        found = provider()
        self.issuer = found.issuer
        self.OIDC_OP_TOKEN_ENDPOINT = found.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = found.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = found.jwks_uri
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, *, nonce, code_verifier):
        # Keyword-only and no **kwargs: Django skips this backend for a password sign-in
        # (username and password do not fit), so only the callback view reaches it.
        if request is None or not sso_enabled():
            return None
        try:
            self._configure()
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except DiscoveryError:
            logger.warning("Single sign-on provider unavailable", exc_info=True)
            refuse(request, "provider_unavailable")
        except requests.RequestException:
            logger.warning("Single sign-on token or user info request failed", exc_info=True)
            refuse(request, "provider_error")
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, ValueError) as error:
            logger.warning("Single sign-on token refused: %s", type(error).__name__)
            refuse(request, _token_refusal(error))
        return None

    def retrieve_matching_jwk(self, token):
        # A token may leave out its key id when the provider publishes a single signing key
        # (OIDC Core 10.1); the library would fail on it with a KeyError.
        if "kid" in jwt.get_unverified_header(token):
            return super().retrieve_matching_jwk(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        signing = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig"
            and key.get("alg", self.OIDC_RP_SIGN_ALGO) == self.OIDC_RP_SIGN_ALGO
        ]
        if len(signing) != 1:
            raise SuspiciousOperation("The token names no key and the provider has several")
        return jwt.PyJWK(signing[0])

    def get_payload_data(self, token, key):
        # mozilla-django-oidc 5.0.2 checks the signature and the expiry but not the audience
        # or the issuer: a token the provider made for another client, or another provider's
        # token, would pass. Unsigned tokens ("alg": "none") are never accepted.
        payload = jwt.decode(
            token,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.issuer,
            leeway=CLOCK_SKEW,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several audiences, authorised for another")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        # The user info must be about the person the ID token names (OIDC Core 5.3.2).
        if str(userinfo.get("sub")) != str(payload["sub"]):
            refuse(self.request, "subject_mismatch")
            return None
        claims = {**payload, **userinfo}
        email = str(claims.get("email") or "").strip().lower()
        if not email:
            refuse(self.request, "email_missing")
            return None
        # Only an address the provider has checked may stand for an account here. Entra ID
        # sends no email_verified; its optional claim xms_edov says the address's domain
        # is verified as the tenant's own, which is the check that matters for NHS tenants.
        if not any(claims.get(name) in (True, "true") for name in VERIFIED_EMAIL_CLAIMS):
            refuse(self.request, "email_unverified", email)
            return None
        user = services.sso_user_resolve(email=email, full_name=full_name_from(claims, email))
        if user is None:
            refuse(self.request, "not_recognised", email)
            return None
        if not user.is_active:
            refuse(self.request, "account_inactive", email)
            return None
        return user

    def get_user(self, user_id):
        # The library's version returns deactivated accounts too; Django's does not.
        return ModelBackend.get_user(self, user_id)


def provider_logout_url(request) -> str | None:
    """Where to send someone who signs out, to end their session at the provider as well:
    only for a session that signed in by single sign-on, and only if the provider
    publishes an end_session_endpoint. None otherwise."""
    id_token = request.session.get("oidc_id_token")
    if request.session.get(BACKEND_SESSION_KEY) != settings.SSO_BACKEND or not id_token:
        return None
    if not sso_enabled():
        return None
    try:
        endpoint = provider().end_session_endpoint
    except DiscoveryError:
        return None
    if not endpoint or _origin(endpoint) != _origin(discovery_url()):
        # The CSP lets the sign-out form's redirect reach the discovery URL's origin only
        # (culture_portal/settings/base.py); elsewhere the browser would stop on a blank page.
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

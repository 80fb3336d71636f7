"""A real OpenID Connect provider for the single sign-on tests: oidc-provider-mock (a Flask
app built on authlib) served on 127.0.0.1 from a background thread, on a free port.

Nothing of the portal or of mozilla-django-oidc is mocked: the portal fetches discovery,
exchanges the code, fetches the key set and the user info over HTTP from this server. For
the refusal tests the provider can be made to misbehave, as a broken or hostile provider
would: publish a key set that does not hold its signing key, or hand out an ID token it
issued to another client."""

import copy
import json
import os
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import flask
import oidc_provider_mock
import pytest
import requests
import werkzeug.serving
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

PORTAL_CLIENT_ID = "culture-portal"
PORTAL_CLIENT_SECRET = "portal-secret-for-tests"  # noqa: S105


class LoopbackProvider:
    def __init__(self, **options):
        # authlib refuses plain HTTP unless told; the server only listens on loopback.
        os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
        self.app = oidc_provider_mock.app(**options)
        self.published_keys = None  # a key set to publish instead of the real one
        self.id_token_instead = None  # an ID token to hand out instead of the real one
        self.discovery_changes = {}  # fields of the discovery document to say otherwise
        self.app.before_request(self._publish_other_keys)
        self.app.after_request(self._hand_out_other_id_token)
        self.app.after_request(self._change_discovery)
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def behave(self):
        self.published_keys = None
        self.id_token_instead = None
        self.discovery_changes = {}

    def _publish_other_keys(self):
        if self.published_keys is not None and flask.request.path == "/jwks":
            return flask.jsonify(self.published_keys)
        return None

    def _hand_out_other_id_token(self, response):
        if self.id_token_instead and flask.request.path == "/oauth2/token":
            body = response.get_json()
            if body and "id_token" in body:
                body["id_token"] = self.id_token_instead
                response.set_data(json.dumps(body))
        return response

    def _change_discovery(self, response):
        if self.discovery_changes and flask.request.path.endswith("/openid-configuration"):
            response.set_data(json.dumps({**response.get_json(), **self.discovery_changes}))
        return response

    # What a test does as the provider's user or administrator.

    def set_user(self, sub: str, **claims):
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5).raise_for_status()

    def authorize(self, authorize_url: str, sub: str) -> str:
        """The person signs in at the provider as `sub`: the URL the provider sends the
        browser back to (the portal's callback, with code and state)."""
        assert authorize_url.startswith(self.url), authorize_url
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

    def key_set_with_another_key(self) -> dict:
        """The provider's key set with its key's public numbers swapped for another key's,
        under the same key id: what the portal fetches no longer verifies the signature."""
        keys = requests.get(f"{self.url}/jwks", timeout=5).json()
        other = RSAAlgorithm.to_jwk(
            rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key(),
            as_dict=True,
        )
        return {"keys": [{**key, "n": other["n"], "e": other["e"]} for key in keys["keys"]]}

    def id_token_for_another_client(self, *, client_id: str, sub: str, nonce: str) -> str:
        """An ID token the provider really issued and signed, for the same person and nonce,
        but to another client (its aud is that client)."""
        redirect_uri = "http://127.0.0.1/another-service/callback"
        query = urlencode(
            {
                "response_type": "code",
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "scope": "openid email profile",
                "state": "another-state",
                "nonce": nonce,
            }
        )
        back = self.authorize(f"{self.url}/oauth2/authorize?{query}", sub)
        code = parse_qs(urlsplit(back).query)["code"][0]
        tokens = requests.post(
            f"{self.url}/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": client_id,
                "client_secret": "another-secret",
            },
            timeout=5,
        )
        tokens.raise_for_status()
        return tokens.json()["id_token"]


@pytest.fixture(scope="session")
def oidc_provider():
    provider = LoopbackProvider().start()
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def expiring_oidc_provider():
    """A provider whose tokens expired two minutes before they were issued (its own setting
    for the lifetime of tokens, set below zero)."""
    provider = LoopbackProvider(access_token_max_age=timedelta(minutes=-2)).start()
    yield provider
    provider.stop()


def point_portal_at(settings, provider: LoopbackProvider, *, client_id=PORTAL_CLIENT_ID):
    """Switch single sign-on on, as the environment variables would, against `provider`."""
    from accounts import oidc

    settings.OIDC_DISCOVERY_URL = provider.url
    settings.OIDC_RP_CLIENT_ID = client_id
    settings.OIDC_RP_CLIENT_SECRET = PORTAL_CLIENT_SECRET
    if settings.SSO_BACKEND not in settings.AUTHENTICATION_BACKENDS:
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, settings.SSO_BACKEND]
    # As the settings module does when the variables are set: sign-out may reach the provider.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = ["'self'", provider.url]
    settings.CONTENT_SECURITY_POLICY = policy
    oidc.provider_forget()


@pytest.fixture
def sso_on(settings, oidc_provider):
    """Single sign-on configured against the loopback provider; the discovery cache is
    emptied before and after, and the provider behaves again afterwards."""
    from accounts import oidc

    point_portal_at(settings, oidc_provider)
    yield oidc_provider
    oidc_provider.behave()
    oidc.provider_forget()

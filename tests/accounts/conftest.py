from tests.oidc_provider import expiring_oidc_provider, oidc_provider, sso_on

__all__ = ["oidc_provider", "expiring_oidc_provider", "sso_on"]

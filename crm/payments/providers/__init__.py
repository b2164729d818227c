"""The payment providers behind one interface (`base.PaymentProvider`).

`get_provider(name)` returns the provider for a `Provider` value; the services never branch on
which provider it is. Secrets come from settings (read from the environment).
"""

from .base import (
    PaymentProvider,
    ProviderError,
    ProviderEvent,
    ProviderPayment,
    ProviderRefund,
    ProviderStatus,
    WebhookSignatureError,
)


def get_provider(name: str) -> PaymentProvider:
    from ..enums import Provider

    if name == Provider.STRIPE:
        from .stripe import StripeProvider

        return StripeProvider()
    if name == Provider.GOVUK_PAY:
        from .govuk_pay import GovukPayProvider

        return GovukPayProvider()
    if name == Provider.SANDBOX:
        from .sandbox import SandboxProvider

        return SandboxProvider()
    raise ValueError(f"Unknown payment provider {name!r}")


__all__ = [
    "PaymentProvider",
    "ProviderError",
    "ProviderEvent",
    "ProviderPayment",
    "ProviderRefund",
    "ProviderStatus",
    "WebhookSignatureError",
    "get_provider",
]

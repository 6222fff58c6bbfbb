from django.apps import AppConfig


class CartLinksConfig(AppConfig):
    name = "storefront.cartlinks"
    label = "cartlinks"
    verbose_name = "Cart links"

    def ready(self) -> None:
        # Checkout tells whoever listens that it handed a cart to WHMCS (it imports no feature).
        from storefront.checkout.signals import handed_off

        from .services import count_checkout

        handed_off.connect(count_checkout, dispatch_uid="cartlinks-count-checkout")

from django.conf import settings
from django.urls import include, path

from storefront.web import embedded_whmcs
from storefront.web import views as web_views
from whmcs_gateway import conf

urlpatterns = [
    path("", include("storefront.catalog.urls")),
    # Before cart/ and staff/: /l/<link>, /cart/save and /staff/cartlinks/ are cart links'.
    path("", include("storefront.cartlinks.urls")),
    path("cart/", include("storefront.cart.urls")),
    path("domains/", include("storefront.domains.urls")),
    path("checkout/", include("storefront.checkout.urls")),
    path("account/", include("storefront.account.urls")),
    # Before staff/: /staff/templates/..., /staff/patterns and /marketing/ are the editor's.
    path("", include("storefront.theming.urls")),
    path("staff/", include("storefront.staff.urls")),
    path("status", web_views.connection_status, name="connection_status"),
]

if conf.is_embedded():
    # The embedded sandbox's checkout page, for the browser's hand-off (see embedded_whmcs).
    urlpatterns.append(
        path(f"{settings.WHMCS_SANDBOX_PREFIX.strip('/')}/<path:rest>", embedded_whmcs.page)
    )

handler404 = "storefront.web.views.not_found"
handler500 = "storefront.web.views.server_error"

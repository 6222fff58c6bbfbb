from django.urls import path, re_path, register_converter

from . import views


class OrderIdConverter:
    """Order ids WHMCS can hold (at most 10 digits): anything longer is simply not found."""

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(OrderIdConverter, "order_id")

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("login", views.login, name="login"),
    path("login/verify", views.verify, name="verify"),
    path("logout", views.logout, name="logout"),
    path("admin/users/search", views.search, {"kind": "users"}, name="search_users"),
    path("admin/clients/search", views.search, {"kind": "clients"}, name="search_clients"),
    path("masquerade", views.masquerade_start, name="masquerade_start"),
    path("masquerade/stop", views.masquerade_stop, name="masquerade_stop"),
    path("cart", views.carts, name="carts"),
    # Cart ids are WHMCS's 16 characters: anything else is simply not found.
    re_path(r"^cart/(?P<cart_id>[A-Za-z0-9]{16})$", views.cart_detail, name="cart"),
    path("orders", views.orders, name="orders"),
    path("orders/<order_id:order_id>", views.order_detail, name="order"),
    path("orders/<order_id:order_id>/<slug:action>", views.order_action, name="order_action"),
    path("promotions", views.promotions, name="promotions"),
    path("products", views.products, name="products"),
    path("audit", views.audit_log, name="audit"),
]

from django.urls import path, re_path

from . import views

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
    path("orders/<int:order_id>", views.order_detail, name="order"),
    path("orders/<int:order_id>/<slug:action>", views.order_action, name="order_action"),
    path("promotions", views.promotions, name="promotions"),
    path("products", views.products, name="products"),
    path("audit", views.audit_log, name="audit"),
]

from django.urls import path, re_path

from . import views

app_name = "cartlinks"
urlpatterns = [
    # The signed token: the link's public id, a colon, Django's signature (URL-safe base64).
    re_path(r"^l/(?P<token>[A-Za-z0-9_:-]{1,200})$", views.open_link, name="open"),
    path("cart/save", views.save, name="save"),
    path("staff/cartlinks/", views.link_list, name="list"),
    path("staff/cartlinks/new", views.new, name="new"),
    path("staff/cartlinks/new/product", views.add_product, name="add_product"),
    path("staff/cartlinks/new/domain", views.add_domain, name="add_domain"),
    path("staff/cartlinks/new/pricing", views.set_pricing, name="set_pricing"),
    path("staff/cartlinks/new/remove/<int:index>", views.remove_item, name="remove_item"),
    path("staff/cartlinks/new/start-over", views.start_over, name="start_over"),
    path("staff/cartlinks/new/create", views.create, name="create"),
    re_path(r"^staff/cartlinks/(?P<public_id>[A-Za-z0-9_-]{8,32})$", views.detail, name="detail"),
    re_path(
        r"^staff/cartlinks/(?P<public_id>[A-Za-z0-9_-]{8,32})/change$", views.change, name="change"
    ),
    re_path(
        r"^staff/cartlinks/(?P<public_id>[A-Za-z0-9_-]{8,32})/revoke$", views.revoke, name="revoke"
    ),
]

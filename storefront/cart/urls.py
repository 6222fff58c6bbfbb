from django.urls import path, re_path

from . import views

app_name = "cart"
# Item ids are WHMCS's 8 characters: anything else is simply not found.
ITEM = r"items/(?P<item_id>[A-Za-z0-9]{8})"
urlpatterns = [
    path("", views.cart, name="cart"),
    re_path(rf"^{ITEM}/remove$", views.remove_item, name="remove_item"),
    re_path(rf"^{ITEM}/change$", views.change_item, name="change_item"),
    path("empty", views.empty, name="empty"),
    path("promotion", views.apply_promotion, name="apply_promotion"),
    path("promotion/remove", views.remove_promotion, name="remove_promotion"),
    path("location", views.set_location, name="set_location"),
]

from django.urls import path, re_path

from . import views

app_name = "domains"
# Item ids are WHMCS's 8 characters: anything else is simply not found.
ITEM = r"^for-item/(?P<item_id>[A-Za-z0-9]{8})/"
urlpatterns = [
    path("", views.search, name="search"),
    path("pricing", views.pricing, name="pricing"),
    path("register", views.register, name="register"),
    path("transfer", views.transfer, name="transfer"),
    re_path(rf"{ITEM}$", views.for_item, name="for_item"),
    re_path(rf"{ITEM}register$", views.item_register, name="item_register"),
    re_path(rf"{ITEM}transfer$", views.item_transfer, name="item_transfer"),
    re_path(rf"{ITEM}existing$", views.item_existing, name="item_existing"),
]

from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.store_front, name="store_front"),
    path("store/<int:group_id>/", views.group, name="group"),
    path("store/<int:group_id>/<slug:slug>/", views.group, name="group"),
    path("currency", views.choose_currency, name="choose_currency"),
    path("order/<int:product_id>/", views.configure, name="configure"),
    path("order/<int:product_id>/<slug:slug>/", views.configure, name="configure"),
    path("order/<int:product_id>/<slug:slug>/price", views.price, name="price"),
]

from django.urls import path

from storefront.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
]

handler500 = "storefront.web.views.server_error"

from django.urls import path

from . import views

app_name = "account"
urlpatterns = [
    path("", views.account_home, name="home"),
    path("login", views.log_in, name="login"),
    path("login/code", views.second_factor, name="second_factor"),
    path("logout", views.log_out, name="logout"),
    path("client", views.choose_client, name="choose_client"),
    path("services", views.services_page, name="services"),
    path("domains", views.domains_page, name="domains"),
    path("renew", views.renew, name="renew"),
]

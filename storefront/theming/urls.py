from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "theming"

urlpatterns = [
    path("staff/templates/", views.template_list, name="templates"),
    path("staff/templates/edit/<path:name>", views.edit, name="edit"),
    path("staff/templates/history/<path:name>", views.history, name="history"),
    path("staff/templates/compare/<path:name>", views.compare, name="compare"),
    path("staff/templates/restore/<path:name>", views.restore_default, name="restore_default"),
    path("staff/templates/rollback/<int:revision_id>", views.roll_back, name="roll_back"),
    path("staff/patterns", views.pattern_list, name="patterns"),
    path("staff/patterns/<slug:slug>", views.pattern, name="pattern"),
    path(
        "marketing/login/",
        views.MarketerLoginView.as_view(),
        name="login",
    ),
    path(
        "marketing/logout/",
        auth_views.LogoutView.as_view(next_page="theming:login"),
        name="logout",
    ),
]

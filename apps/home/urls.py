from django.urls import path

from apps.home import views

# Not namespaced, like the sign-in URLs: "home" is where signing in leads (LOGIN_REDIRECT_URL).
urlpatterns = [
    path("", views.home, name="home"),
]

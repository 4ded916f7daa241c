"""Log-in, log-out, password change, and the Japanese pages for lock-out and CSRF failure.

django-axes (settings.AUTHENTICATION_BACKENDS) counts failed log-ins and locks a user name
from an address out; its middleware answers with templates/office/lockout.html.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import forms
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from office.access import staff_required
from office.forms import FieldLayout


class LoginForm(forms.AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "ユーザー名かパスワードが違います。大文字・小文字も区別されます。"
            "続けて5回間違えると、30分間ログインできなくなります。"
        ),
        "inactive": "このアカウントは使えなくなっています。市の管理者にお問い合わせください。",
    }


login = auth_views.LoginView.as_view(
    template_name="office/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout = auth_views.LogoutView.as_view()


class PasswordChangeForm(FieldLayout, forms.PasswordChangeForm):
    pass


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "office/password.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("office-dashboard")

    def form_valid(self, form):
        messages.success(self.request, "パスワードを変更しました。")
        return super().form_valid(form)


password_change = staff_required(PasswordChange.as_view())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its CSRF token (or after the session ended): say so in Japanese."""
    return render(request, "403_csrf.html", status=403)

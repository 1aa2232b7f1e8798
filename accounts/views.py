"""The signed-in person's own settings: what the portal calls them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import NicknameForm
from core.web import signed_in_user


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = NicknameForm(request.POST or None, initial={"nickname": user.nickname})
    if request.method == "POST":
        if form.is_valid():
            services.user_set_nickname(
                actor=user, user=user, nickname=form.cleaned_data["nickname"]
            )
            messages.success(request, gettext("Saved. This is how we will address you."))
            return redirect("accounts:profile")
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    return render(request, "accounts/profile.html", {"form": form})

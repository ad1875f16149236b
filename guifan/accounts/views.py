from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from guifan.members.forms import FindByIdNumberForm

from . import selectors


@login_required
def start(request):
    """The start page of the user's scope: their region, organisation or member record, or an officer's work page."""
    url = selectors.root_url(request.scope)
    if url:
        return redirect(url)
    return render(request, "accounts/no_role.html", status=403)


@login_required
def search(request):
    text = request.GET.get("q", "")
    context = {"q": text, "section": "search", "find_form": FindByIdNumberForm(),
               **selectors.search(request.scope, text)}
    return render(request, "accounts/search.html", context)

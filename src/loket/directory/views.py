from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def contacts(request):
    return HttpResponse("contacts")


@login_required
def organisations(request):
    return HttpResponse("organisations")

from django.http import HttpResponse

from loket.core.pages import allowed_if
from loket.tickets.access import can_work_on_tickets


@allowed_if(can_work_on_tickets)
def index(request):
    return HttpResponse("")

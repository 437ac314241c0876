"""Contacts and organisations in the agent UI: lists with search, pages with history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from loket.core.pages import allowed_if, render_page
from loket.directory.access import (
    can_edit_directory,
    contact_for,
    organisation_for,
    visible_contacts,
    visible_organisations,
)
from loket.directory.forms import ContactForm
from loket.directory.services import contact_history, find_contacts
from loket.tickets.access import visible_tickets

PAGE_SIZE = 25


# The directory pages are for service-desk staff; customers get 403.
staff_required = allowed_if(can_edit_directory)


@staff_required
def contacts(request):
    query = request.GET.get("q", "").strip()[:100]
    found = visible_contacts(request.user)
    found = find_contacts(found, query) if query else found
    found = found.select_related("organisation").prefetch_related("phones", "emails")
    page = Paginator(found.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"active_nav": "contacts", "query": query, "page": page}
    return render_page(request, "directory/contacts.html", context, fragment="results")


@staff_required
def contact_detail(request, pk: int):
    contact = contact_for(request.user, pk)
    organisation = contact.organisation
    context = {
        "active_nav": "contacts",
        "contact": contact,
        "contract": organisation.active_contract() if organisation else None,
        "history": contact_history(contact, visible_tickets(request.user), recent=25),
    }
    return render(request, "directory/contact.html", context)


@staff_required
def contact_create(request):
    form = ContactForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and (contact := form.save()):
        messages.success(request, _("The contact %(name)s was created.") % {"name": contact})
        return redirect("directory:contact", pk=contact.pk)
    status = 422 if form.is_bound else 200
    context = {"active_nav": "contacts", "form": form, "contact": None}
    return render(request, "directory/contact_form.html", context, status=status)


@staff_required
def contact_edit(request, pk: int):
    contact = contact_for(request.user, pk, write=True)
    form = ContactForm(request.POST or None, user=request.user, instance=contact)
    if request.method == "POST" and form.is_valid() and form.save():
        messages.success(request, _("The contact was saved."))
        return redirect("directory:contact", pk=contact.pk)
    status = 422 if form.is_bound else 200
    context = {"active_nav": "contacts", "form": form, "contact": contact}
    return render(request, "directory/contact_form.html", context, status=status)


@staff_required
def organisations(request):
    query = request.GET.get("q", "").strip()[:100]
    found = visible_organisations(request.user)
    if query:
        found = found.filter(Q(name__icontains=query) | Q(email_domain__istartswith=query))
    found = found.annotate(contact_count=Count("contacts")).order_by("name", "pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"active_nav": "organisations", "query": query, "page": page}
    return render_page(request, "directory/organisations.html", context, fragment="results")


@staff_required
def organisation_detail(request, pk: int):
    organisation = organisation_for(request.user, pk)
    tickets = (
        visible_tickets(request.user)
        .filter(organisation=organisation)
        .select_related("contact", "team", "assignee", "resolution_code")
        .order_by("-created_at", "-id")
    )
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "active_nav": "organisations",
        "organisation": organisation,
        "contract": organisation.active_contract(),
        "contracts": organisation.contracts.all(),
        "contacts": organisation.contacts.prefetch_related("phones").order_by("last_name")[:100],
        "contact_total": organisation.contacts.count(),
        "page": page,
    }
    return render(request, "directory/organisation.html", context)

from django.contrib import admin

from loket.directory.models import Contact, ContactEmail, ContactPhone, Contract, Organisation


class ContractInline(admin.TabularInline):
    model = Contract
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "email_domain", "phone"]
    search_fields = ["name", "email_domain"]
    inlines = [ContractInline]


class EmailInline(admin.TabularInline):
    model = ContactEmail
    extra = 0


class PhoneInline(admin.TabularInline):
    model = ContactPhone
    extra = 0


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "organisation", "language", "profile"]
    list_filter = ["language", "profile"]
    search_fields = ["last_name", "first_name", "emails__address", "phones__number"]
    raw_id_fields = ["organisation"]
    inlines = [EmailInline, PhoneInline]

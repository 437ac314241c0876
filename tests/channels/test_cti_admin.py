"""The telephone admin pages: no token shown, numbers stored in E.164, calls read-only."""

from django.urls import reverse

from loket.channels import cti
from loket.channels.models import BlockedNumber, Call


def test_the_admin_lists_telephone_systems_without_their_token(client, ad):
    endpoint, token = cti.create_endpoint("Office PBX")
    client.force_login(ad)
    page = client.get(reverse("admin:channels_ctiendpoint_change", args=[endpoint.pk]))
    assert page.status_code == 200
    assert token not in page.text and endpoint.token_sha256 not in page.text
    assert client.get(reverse("admin:channels_ctiendpoint_add")).status_code == 403


def test_a_blocked_number_is_stored_in_e164(client, ad):
    client.force_login(ad)
    response = client.post(
        reverse("admin:channels_blockednumber_add"), {"number": "0470 12 34 56", "reason": "x"}
    )
    assert response.status_code == 302
    assert BlockedNumber.objects.get().number == "+32470123456"
    response = client.post(reverse("admin:channels_blockednumber_add"), {"number": "nonsense"})
    assert response.status_code == 200 and not BlockedNumber.objects.filter(reason="").exists()


def test_calls_are_read_only_in_the_admin(client, ad):
    endpoint = cti.create_endpoint("PBX")[0]
    cti.handle_event(endpoint, {"event": "newCall", "callId": "1", "direction": "in"})
    client.force_login(ad)
    assert client.get(reverse("admin:channels_call_changelist")).status_code == 200
    call = Call.objects.get()
    page = client.get(reverse("admin:channels_call_change", args=[call.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert client.get(reverse("admin:channels_call_add")).status_code == 403


def test_agents_cannot_reach_the_telephone_admin(client, anna):
    client.force_login(anna)
    response = client.get(reverse("admin:channels_blockednumber_changelist"))
    assert response.status_code in (302, 403)

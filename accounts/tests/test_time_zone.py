"""A person's time zone: taken from the browser at signup, kept on the profile, in the export."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection

from accounts.models import User, offered_time_zones
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_up(client, email: str, **extra) -> User:
    response = client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra})
    assert response.status_code == 302
    return User.objects.get(email=email)


def test_signup_keeps_the_time_zone_the_browser_sent(client):
    assert sign_up(client, "paris@example.com", timezone="Europe/Paris").timezone == "Europe/Paris"


@pytest.mark.parametrize("sent", [None, "", "Mars/Olympus_Mons", "europe/paris", "x" * 300])
def test_signup_without_a_known_time_zone_means_utc(client, sent):
    extra = {} if sent is None else {"timezone": sent}
    assert sign_up(client, "someone@example.com", **extra).timezone == "UTC"


def test_the_signup_form_asks_the_browser_for_its_time_zone(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'type="hidden" name="timezone"' in page
    assert "data-browser-timezone" in page


def test_the_profile_shows_and_changes_the_time_zone(owner_client, owner):
    page = owner_client.get("/accounts/profile/").content.decode()
    assert '<option value="UTC" selected>UTC</option>' in page
    assert '<option value="America/New_York">New York</option>' in page
    response = owner_client.post("/accounts/profile/", {"name": "", "image": "", "timezone": "America/New_York"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.timezone == "America/New_York"


@pytest.mark.parametrize("zone", ["Nowhere/City", "EST5EDT'; --", "x" * 300])
def test_an_unknown_time_zone_is_refused_on_the_profile(owner_client, owner, zone):
    response = owner_client.post("/accounts/profile/", {"name": "", "image": "", "timezone": zone})
    assert response.status_code == 200
    assert "timezone" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.timezone == "UTC"


def test_the_database_gives_utc_to_a_row_made_without_one(owner):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO users (email, password, is_active, is_staff, is_superuser) VALUES "
            "('raw@example.com', '!', true, false, false) RETURNING timezone"
        )
        assert cursor.fetchone()[0] == "UTC"


def test_the_export_carries_the_time_zone(client, owner):
    owner.timezone = "Asia/Tokyo"
    owner.save(update_fields=["timezone"])
    client.force_login(owner)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert json.loads(client.get("/accounts/export/").content)["user"]["timezone"] == "Asia/Tokyo"


def test_a_profile_post_without_a_time_zone_keeps_the_one_set(owner_client, owner):
    owner.timezone = "Europe/Lisbon"
    owner.save(update_fields=["timezone"])
    assert owner_client.post("/accounts/profile/", {"name": "Ann", "image": ""}).status_code == 302
    owner.refresh_from_db()
    assert (owner.name, owner.timezone) == ("Ann", "Europe/Lisbon")


@pytest.mark.parametrize("zone", ["localtime", "Factory", "Etc/GMT+5", "EST5EDT", "US/Eastern", "posixrules", "GB"])
def test_names_that_are_no_place_are_not_offered_on_the_profile(owner_client, zone):
    page = owner_client.get("/accounts/profile/").content.decode()
    assert f'<option value="{zone}"' not in page
    assert '<option value="Europe/Paris">Paris</option>' in page
    assert '<option value="Asia/Calcutta">Calcutta</option>' in page  # as some browsers name it


@pytest.mark.parametrize("zone", ["localtime", "Factory", "Etc/GMT+5", "US/Eastern"])
def test_names_that_are_no_place_are_refused_on_the_profile(owner_client, owner, zone):
    response = owner_client.post("/accounts/profile/", {"name": "", "image": "", "timezone": zone})
    assert response.status_code == 200
    assert "timezone" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.timezone == "UTC"


@pytest.mark.parametrize("sent", ["localtime", "Factory", "Etc/GMT+5", "EST5EDT"])
def test_signup_takes_a_browser_zone_that_is_no_place_as_utc(client, sent):
    assert sign_up(client, "someone@example.com", timezone=sent).timezone == "UTC"


def test_a_zone_chosen_before_it_left_the_list_stays_selected_and_kept(owner_client, owner):
    owner.timezone = "US/Eastern"
    owner.save(update_fields=["timezone"])
    page = owner_client.get("/accounts/profile/").content.decode()
    assert '<optgroup label="US"><option value="US/Eastern" selected>Eastern</option></optgroup>' in page
    assert (
        owner_client.post("/accounts/profile/", {"name": "Ann", "image": "", "timezone": "US/Eastern"}).status_code
        == 302
    )
    owner.refresh_from_db()
    assert (owner.name, owner.timezone) == ("Ann", "US/Eastern")
    assert str(owner.zone) == "US/Eastern"


def test_a_stored_name_that_is_no_zone_counts_and_shows_as_utc(owner_client, owner):
    owner.timezone = "localtime"  # the server's own clock, offered before
    owner.save(update_fields=["timezone"])
    assert str(owner.zone) == "UTC"
    page = owner_client.get("/accounts/profile/").content.decode()
    assert '<option value="UTC" selected>UTC</option>' in page
    assert 'value="localtime"' not in page
    assert owner_client.post("/accounts/profile/", {"name": "Ann", "image": ""}).status_code == 302
    owner.refresh_from_db()
    assert owner.timezone == "UTC"


def test_the_profiles_time_zones_are_grouped_by_region_utc_first(owner_client):
    page = owner_client.get("/accounts/profile/").content.decode()
    menu = re.search(r'<select [^>]*name="timezone"[^>]*>(.*?)</select>', page, re.DOTALL).group(1)
    assert menu.startswith('<option value="UTC" selected>UTC</option><optgroup label="Africa">')
    regions = re.findall(r'<optgroup label="([^"]+)">', menu)
    assert regions == sorted(regions)
    assert {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"} <= set(
        regions
    )
    america = re.search(r'<optgroup label="America">(.*?)</optgroup>', menu).group(1)
    assert '<option value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires</option>' in america
    assert "Europe/" not in america
    assert menu.count("<option ") == len(offered_time_zones())
